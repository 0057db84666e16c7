package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.ReconnectPolicy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_ATTEMPTS;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_JITTER;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_MAX_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_MULTIPLIER;
import static org.wsconnector.impl.config.ClientKeys.RECONNECT_STABLE_AFTER;

/** The backoff between connect attempts: {@code reconnect.*}. */
final class ReconnectSection {
    private ReconnectSection() {
    }

    static ReconnectPolicy read(ClientValues values, ConnectionType type) {
        Optional<Duration> validInterval = values.validDuration(RECONNECT_INTERVAL, Defaults.RECONNECT_INTERVAL_RANGE);
        Optional<Duration> validMax = values.validDuration(RECONNECT_MAX_INTERVAL,
                Defaults.RECONNECT_MAX_INTERVAL_RANGE);
        Duration interval = validInterval.orElse(Defaults.RECONNECT_INTERVAL);
        Duration maxInterval = validMax.orElse(Defaults.RECONNECT_MAX_INTERVAL);
        // Compared only when both are valid: a default standing in for a bad value contradicts nothing.
        boolean intervalInvalid = values.has(RECONNECT_INTERVAL) && validInterval.isEmpty();
        if (validMax.isPresent() && !intervalInvalid && maxInterval.compareTo(interval) < 0) {
            values.invalid(CONFLICTING_KEYS, RECONNECT_MAX_INTERVAL, values.raw(RECONNECT_MAX_INTERVAL),
                    "smaller than reconnect.interval (" + Durations.format(interval) + ")",
                    "a duration ≥ reconnect.interval, up to " + Defaults.RECONNECT_MAX_INTERVAL_RANGE.max());
        }
        double multiplier = values.decimal(RECONNECT_MULTIPLIER, Defaults.RECONNECT_MULTIPLIER,
                Defaults.RECONNECT_MULTIPLIER_RANGE, "a decimal from 1 to 1000 (1 = fixed interval)");
        double jitter = values.decimal(RECONNECT_JITTER, Defaults.RECONNECT_JITTER, Defaults.RECONNECT_JITTER_RANGE,
                "a decimal from 0 to 1");
        return new ReconnectPolicy(interval, maxInterval.compareTo(interval) < 0 ? interval : maxInterval,
                multiplier, jitter, attempts(values, type), values.duration(RECONNECT_STABLE_AFTER,
                Defaults.RECONNECT_STABLE_AFTER_RANGE, Defaults.RECONNECT_STABLE_AFTER));
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
        return values.integer(RECONNECT_ATTEMPTS, Defaults.COUNT_RANGE,
                "a whole number from 1 to " + Defaults.COUNT_RANGE.max() + ", or 'unlimited'");
    }
}
