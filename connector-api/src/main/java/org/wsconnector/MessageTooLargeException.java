package org.wsconnector;

/**
 * The peer sent a message larger than {@code max-message-size}. The connector closed the connection with 1009
 * (message too big) instead of buffering it, and reconnects.
 */
public class MessageTooLargeException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
