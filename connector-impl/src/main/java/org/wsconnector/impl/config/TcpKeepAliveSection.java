package org.wsconnector.impl.config;

import org.wsconnector.config.TcpKeepAliveConfig;

import java.time.Duration;
import java.util.Optional;

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
        Duration idle = values.duration(TCP_KEEPALIVE_IDLE, Defaults.TCP_KEEPALIVE_TIME_RANGE,
                Defaults.TCP_KEEPALIVE_IDLE);
        Duration interval = values.duration(TCP_KEEPALIVE_INTERVAL, Defaults.TCP_KEEPALIVE_TIME_RANGE,
                Defaults.TCP_KEEPALIVE_INTERVAL);
        int probes = values.integer(TCP_KEEPALIVE_PROBES, Defaults.TCP_KEEPALIVE_PROBES_RANGE,
                "a whole number from 1 to " + Defaults.TCP_KEEPALIVE_PROBES_RANGE.max())
                .orElse(Defaults.TCP_KEEPALIVE_PROBES);
        return enabled ? Optional.of(new TcpKeepAliveConfig(idle, interval, probes)) : Optional.empty();
    }
}
