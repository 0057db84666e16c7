package org.wsconnector.impl.config;

import org.wsconnector.config.TcpKeepAliveConfig;

import java.time.Duration;
import java.util.Optional;

import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.impl.config.ClientKeys.TCP_KEEPALIVE_ENABLED;
import static org.wsconnector.impl.config.ClientKeys.TCP_KEEPALIVE_IDLE;
import static org.wsconnector.impl.config.ClientKeys.TCP_KEEPALIVE_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.TCP_KEEPALIVE_PROBES;

/** SO_KEEPALIVE and its kernel timing: {@code tcp-keepalive.*}; on when any tuning key is set. */
final class TcpKeepAliveSection {
    private TcpKeepAliveSection() {
    }

    static Optional<TcpKeepAliveConfig> read(ClientValues values) {
        boolean anyTuning = values.has(TCP_KEEPALIVE_IDLE) || values.has(TCP_KEEPALIVE_INTERVAL)
                || values.has(TCP_KEEPALIVE_PROBES);
        boolean enabled = values.bool(TCP_KEEPALIVE_ENABLED, anyTuning);
        Duration idle = wholeSeconds(values, TCP_KEEPALIVE_IDLE, Defaults.TCP_KEEPALIVE_IDLE);
        Duration interval = wholeSeconds(values, TCP_KEEPALIVE_INTERVAL, Defaults.TCP_KEEPALIVE_INTERVAL);
        int probes = values.integer(TCP_KEEPALIVE_PROBES, 1, "a whole number ≥ 1")
                .orElse(Defaults.TCP_KEEPALIVE_PROBES);
        return enabled ? Optional.of(new TcpKeepAliveConfig(idle, interval, probes)) : Optional.empty();
    }

    /** The kernel takes TCP keepalive times in whole seconds. */
    private static Duration wholeSeconds(ClientValues values, String key, Duration defaultValue) {
        Duration duration = values.positiveDuration(key, defaultValue);
        if (values.has(key) && (duration.toMillis() % 1000 != 0 || duration.toSeconds() > 32767)) {
            values.invalid(OUT_OF_RANGE, key, values.raw(key), "TCP keepalive times are whole seconds up to 32767s",
                    "a whole number of seconds from 1s to 32767s, e.g. 20s");
        }
        return duration;
    }
}
