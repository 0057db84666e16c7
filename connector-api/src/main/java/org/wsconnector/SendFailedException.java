package org.wsconnector;

/**
 * A message was accepted for sending while the connection was open but could not be written: the connection ended
 * (closed, lost or aborted) before the frame was on the wire, a close frame had already been sent, or the peer is not
 * reading and the outbound bound is full. Whether the peer received anything of it is unknown.
 */
public class SendFailedException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;

    public SendFailedException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
