package org.wsconnector;

/**
 * A message the send buffer accepted, or was asked to hold, was not sent, and never will be: nothing of it reached
 * the network. {@link #kind()} says why. One type rather than one per reason: an application handles them alike (the
 * message is not sent; send it again later or give up) and branches on the kind where it matters.
 */
public class SendBufferException extends WebSocketConnectorException {
    private static final long serialVersionUID = 1L;

    /** Why a message of the send buffer was not sent. */
    public enum Kind {
        /** Refused at once: holding it would exceed {@code send-buffer.max-messages} or {@code max-bytes}. */
        FULL,
        /** Held for {@code send-buffer.max-age} without the connection opening. */
        EXPIRED,
        /** The application closed or aborted the client (or it is stopping) before the message was written. */
        CLOSED,
        /** The client gave up reconnecting (FAILED); the cause is the cycle's last failure. */
        FAILED
    }

    private final Kind kind;

    public SendBufferException(String client, Kind kind, String message, Throwable cause) {
        super(client, message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
