package org.wsconnector.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Exponential backoff with jitter between connect attempts.
 * The n-th delay (n = 1 for the first retry) is {@code min(maxInterval, interval * multiplier^(n-1))}, spread
 * uniformly by ±{@code jitter} of itself.
 *
 * @param interval    first delay (reconnect.interval, 500ms)
 * @param maxInterval cap (reconnect.max-interval, 30s)
 * @param multiplier  growth factor, ≥ 1 (reconnect.multiplier, 2.0)
 * @param jitter      spread, 0..1 (reconnect.jitter, 0.2)
 * @param maxAttempts connect attempts in one cycle, the first included; empty = unlimited (reconnect.attempts)
 * @param stableAfter how long a connection must have been open for its loss to start the backoff again from
 *                    {@code interval} (reconnect.stable-after, 30s); a connection lost sooner continues the
 *                    backoff where it was, so a server that accepts and then drops at once is contacted at the
 *                    backoff's pace, not in a storm
 */
public record ReconnectPolicy(Duration interval, Duration maxInterval, double multiplier, double jitter,
                              OptionalInt maxAttempts, Duration stableAfter) {
    public ReconnectPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        Objects.requireNonNull(stableAfter, "stableAfter");
    }

    /** The delay before retry number {@code retry} (1-based) without jitter. */
    public Duration baseDelay(int retry) {
        // In double milliseconds, which saturate: any duration, even one no long holds in milliseconds, gives a delay.
        double millis = millis(interval) * Math.pow(multiplier, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(millis(maxInterval), millis));
    }

    private static double millis(Duration duration) {
        return duration.getSeconds() * 1e3 + duration.getNano() / 1e6;
    }

    /** Whether another attempt is allowed after {@code attemptsMade} attempts. */
    public boolean allowsAttempt(int attemptsMade) {
        return maxAttempts.isEmpty() || attemptsMade < maxAttempts.getAsInt();
    }
}
