package org.wsconnector.impl.config;

import org.wsconnector.config.DeliveryLimits;

import java.time.Duration;

import static org.wsconnector.impl.config.ClientKeys.DELIVERY_MAX_QUEUED_BYTES;
import static org.wsconnector.impl.config.ClientKeys.DELIVERY_MAX_QUEUED_MESSAGES;
import static org.wsconnector.impl.config.ClientKeys.MAX_MESSAGE_SIZE;
import static org.wsconnector.impl.config.ClientKeys.WRITE_TIMEOUT;

/** What a connection may hold: {@code max-message-size}, {@code write-timeout}, {@code delivery.*}. */
final class LimitsSection {
    /** @param maxMessageSize at most 1 GiB, so it fits an int */
    record Limits(int maxMessageSize, Duration writeTimeout, DeliveryLimits delivery) {
    }

    private LimitsSection() {
    }

    static Limits read(ClientValues values) {
        long maxMessageSize = values.size(MAX_MESSAGE_SIZE, Defaults.SIZE_RANGE, Defaults.MAX_MESSAGE_SIZE);
        Duration writeTimeout = values.duration(WRITE_TIMEOUT, Defaults.WRITE_TIMEOUT_RANGE, Defaults.WRITE_TIMEOUT);
        DeliveryLimits delivery = new DeliveryLimits(
                values.integer(DELIVERY_MAX_QUEUED_MESSAGES, Defaults.COUNT_RANGE,
                                "a whole number from 1 to " + Defaults.COUNT_RANGE.max() + ", e.g. 1000")
                        .orElse(Defaults.DELIVERY_MAX_QUEUED_MESSAGES),
                values.size(DELIVERY_MAX_QUEUED_BYTES, Defaults.SIZE_RANGE, Defaults.DELIVERY_MAX_QUEUED_BYTES));
        return new Limits((int) maxMessageSize, writeTimeout, delivery);
    }
}
