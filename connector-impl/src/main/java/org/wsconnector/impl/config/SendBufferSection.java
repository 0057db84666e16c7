package org.wsconnector.impl.config;

import org.wsconnector.config.SendBufferConfig;

import java.time.Duration;
import java.util.Optional;

import static org.wsconnector.impl.config.ClientKeys.SEND_BUFFER_MAX_AGE;
import static org.wsconnector.impl.config.ClientKeys.SEND_BUFFER_MAX_BYTES;
import static org.wsconnector.impl.config.ClientKeys.SEND_BUFFER_MAX_MESSAGES;

/**
 * The send buffer across reconnects: {@code send-buffer.*}. Off unless one of its keys is set (sends made while not
 * OPEN then fail at once, as without it); the keys not set take their defaults.
 */
final class SendBufferSection {
    private SendBufferSection() {
    }

    static Optional<SendBufferConfig> read(ClientValues values) {
        boolean enabled = values.has(SEND_BUFFER_MAX_MESSAGES) || values.has(SEND_BUFFER_MAX_BYTES)
                || values.has(SEND_BUFFER_MAX_AGE);
        int maxMessages = values.integer(SEND_BUFFER_MAX_MESSAGES, Defaults.COUNT_RANGE,
                        "a whole number from 1 to " + Defaults.COUNT_RANGE.max() + ", e.g. 1000")
                .orElse(Defaults.SEND_BUFFER_MAX_MESSAGES);
        long maxBytes = values.size(SEND_BUFFER_MAX_BYTES, Defaults.SEND_BUFFER_MAX_BYTES_RANGE,
                Defaults.SEND_BUFFER_MAX_BYTES);
        Duration maxAge = values.duration(SEND_BUFFER_MAX_AGE, Defaults.SEND_BUFFER_MAX_AGE_RANGE,
                Defaults.SEND_BUFFER_MAX_AGE);
        return enabled ? Optional.of(new SendBufferConfig(maxMessages, maxBytes, maxAge)) : Optional.empty();
    }
}
