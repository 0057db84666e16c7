package org.wsconnector.config;

/**
 * Bounds on what one connection may hold for the application: received messages waiting for their callbacks (the
 * connection's delivery lane). When either bound is reached the connector stops reading that connection's socket —
 * TCP pushes back on that server alone — and reads again once the lane has drained to half of both bounds. Nothing
 * already read is ever dropped; the bounds may be exceeded by the messages of one network read.
 *
 * @param maxQueuedMessages messages waiting for delivery that pause reading ({@code delivery.max-queued-messages},
 *                          1000)
 * @param maxQueuedBytes    payload bytes waiting for delivery that pause reading, characters for text
 *                          ({@code delivery.max-queued-bytes}, 16 MiB)
 */
public record DeliveryLimits(int maxQueuedMessages, long maxQueuedBytes) {
    public DeliveryLimits {
        if (maxQueuedMessages < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("delivery limits must be positive");
        }
    }
}
