package org.wsconnector.impl.config;

import org.wsconnector.config.PingConfig;

import java.time.Duration;
import java.util.Optional;

import static org.wsconnector.impl.config.ClientKeys.PING_ENABLED;
import static org.wsconnector.impl.config.ClientKeys.PING_INTERVAL;
import static org.wsconnector.impl.config.ClientKeys.PING_PROBES;

/** WebSocket PING/PONG dead-peer detection: {@code ping.*}; on when {@code ping.interval} is set. */
final class PingSection {
    private PingSection() {
    }

    static Optional<PingConfig> read(ClientValues values) {
        boolean enabled = values.bool(PING_ENABLED, values.has(PING_INTERVAL));
        Duration interval = values.duration(PING_INTERVAL, Defaults.PING_INTERVAL_RANGE, Defaults.PING_INTERVAL);
        int probes = values.integer(PING_PROBES, Defaults.PING_PROBES_RANGE,
                "a whole number from 1 to " + Defaults.PING_PROBES_RANGE.max()).orElse(Defaults.PING_PROBES);
        return enabled ? Optional.of(new PingConfig(interval, probes)) : Optional.empty();
    }
}
