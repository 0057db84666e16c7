package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.ReconnectPolicy;

import java.time.Duration;
import java.util.OptionalInt;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_ATTEMPTS;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_JITTER;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_MAX_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_MULTIPLIER;

/** The backoff between connect attempts: {@code reconnect.*}. */
final class ReconnectSection {
    private ReconnectSection() {
    }

    static ReconnectPolicy read(ClientValues values, ConnectionType type) {
        Duration interval = values.positiveDuration(RECONNECT_INTERVAL, Defaults.RECONNECT_INTERVAL);
        Duration maxInterval = values.positiveDuration(RECONNECT_MAX_INTERVAL, Defaults.RECONNECT_MAX_INTERVAL);
        if (values.has(RECONNECT_MAX_INTERVAL) && maxInterval.compareTo(interval) < 0) {
            values.invalid(CONFLICTING_KEYS, RECONNECT_MAX_INTERVAL, values.raw(RECONNECT_MAX_INTERVAL),
                    "smaller than reconnect.interval (" + Durations.format(interval) + ")",
                    "a duration ≥ reconnect.interval");
        }
        double multiplier = values.decimal(RECONNECT_MULTIPLIER, Defaults.RECONNECT_MULTIPLIER, 1.0, 1000.0,
                "a decimal ≥ 1.0 (1.0 = fixed interval)");
        double jitter = values.decimal(RECONNECT_JITTER, Defaults.RECONNECT_JITTER, 0.0, 1.0,
                "a decimal from 0.0 to 1.0");
        return new ReconnectPolicy(interval, maxInterval.compareTo(interval) < 0 ? interval : maxInterval,
                multiplier, jitter, attempts(values, type));
    }

    /** Empty means unlimited. */
    private static OptionalInt attempts(ClientValues values, ConnectionType type) {
        String text = values.raw(RECONNECT_ATTEMPTS);
        if (text == null) {
            return type == ConnectionType.PERSISTENT ? OptionalInt.empty()
                    : OptionalInt.of(Defaults.ON_DEMAND_ATTEMPTS);
        }
        if (text.trim().equalsIgnoreCase("unlimited")) {
            return OptionalInt.empty();
        }
        return values.integer(RECONNECT_ATTEMPTS, 1, "a whole number ≥ 1, or 'unlimited'");
    }
}
