package org.wsconnector.config;

import java.time.Duration;
import java.util.Objects;

/**
 * WebSocket PING/PONG dead-peer detection: a ping every {@code interval}; {@code probes} unanswered pings in a row
 * mean the peer is dead. Detection takes between probes×interval and (probes+1)×interval.
 */
public record PingConfig(Duration interval, int probes) {
    public PingConfig {
        Objects.requireNonNull(interval, "interval");
    }
}
