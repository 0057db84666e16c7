package org.wsconnector;

/**
 * Queued outbound bytes made no progress for {@code write-timeout}: the peer (or the path) stopped reading. The
 * connection was aborted and is reconnected; the sends still queued failed with {@link SendFailedException}.
 */
public class WriteTimeoutException extends ConnectionLostException {
    private static final long serialVersionUID = 1L;

    public WriteTimeoutException(String client, String message) {
        super(client, message, null);
    }
}
