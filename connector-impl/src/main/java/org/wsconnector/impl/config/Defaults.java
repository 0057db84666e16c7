package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.TlsConfig;

import java.time.Duration;
import java.util.List;

/** Every default of a client's configuration, one constant each (the README's configuration reference lists them). */
final class Defaults {
    static final ConnectionType CONNECTION_TYPE = ConnectionType.PERSISTENT;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    static final Duration RECONNECT_INTERVAL = Duration.ofMillis(500);
    static final Duration RECONNECT_MAX_INTERVAL = Duration.ofSeconds(30);
    static final double RECONNECT_MULTIPLIER = 2.0;
    static final double RECONNECT_JITTER = 0.2;
    /** Persistent clients retry without limit; an on-demand client gives up after this many attempts. */
    static final int ON_DEMAND_ATTEMPTS = 4;

    static final String STORE_TYPE = "PKCS12";
    static final boolean TLS_VERIFY_SERVER_CERT = true;
    static final boolean TLS_VERIFY_SERVER_HOSTNAME = true;
    static final List<String> TLS_PROTOCOLS = TlsConfig.DEFAULT_PROTOCOLS;

    static final Duration PING_INTERVAL = Duration.ofSeconds(20);
    static final int PING_PROBES = 3;

    static final Duration TCP_KEEPALIVE_IDLE = Duration.ofSeconds(20);
    static final Duration TCP_KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
    static final int TCP_KEEPALIVE_PROBES = 3;

    /** As large as the outbound bound: a peer may send us what we may queue for it. */
    static final long MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    static final int DELIVERY_MAX_QUEUED_MESSAGES = 1000;
    static final long DELIVERY_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    private Defaults() {
    }
}
