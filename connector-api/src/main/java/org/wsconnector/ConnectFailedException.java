package org.wsconnector;

/** A connect attempt failed for a network reason: refused, unreachable, reset, closed during the handshake. */
public class ConnectFailedException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
