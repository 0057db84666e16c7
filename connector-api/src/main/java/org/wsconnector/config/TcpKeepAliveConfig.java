package org.wsconnector.config;

import java.time.Duration;
import java.util.Objects;

/** TCP keepalive on the connection's socket (to the proxy when there is one): SO_KEEPALIVE with idle/interval/probes. */
public record TcpKeepAliveConfig(Duration idle, Duration interval, int probes) {
    public TcpKeepAliveConfig {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(interval, "interval");
    }
}
