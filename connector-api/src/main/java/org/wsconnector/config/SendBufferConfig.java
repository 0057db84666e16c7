package org.wsconnector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The send buffer across reconnects ({@code send-buffer.*}; off unless one of its keys is set). Messages sent while
 * the client is CONNECTING or RECONNECTING are held, in order, and written on the next OPEN before any newer send.
 * A send that would exceed either bound is refused at once (the held messages stay as they are); a message held for
 * {@code maxAge} fails.
 *
 * @param maxMessages messages held at most ({@code send-buffer.max-messages}, 1000)
 * @param maxBytes    payload bytes held at most, UTF-8 for text ({@code send-buffer.max-bytes}, 1 MiB)
 * @param maxAge      how long a message may wait for the connection to open ({@code send-buffer.max-age}, 30s)
 */
public record SendBufferConfig(int maxMessages, long maxBytes, Duration maxAge) {
    public SendBufferConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxMessages < 1 || maxBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("send buffer bounds must be positive");
        }
    }
}
