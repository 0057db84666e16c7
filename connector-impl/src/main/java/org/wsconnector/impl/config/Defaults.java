package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.TlsConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Every default of a client's configuration and every range a value must lie in, one constant each (the README's
 * configuration reference lists both; {@code RangesTest} keeps its "range" column equal to {@link #RANGES}). The
 * ranges keep out what the engine cannot use: a duration whose nanoseconds overflow a long, a timer so short it
 * spins, a close that never ends.
 */
final class Defaults {
    static final ConnectionType CONNECTION_TYPE = ConnectionType.PERSISTENT;
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    static final Range.OfDuration CONNECTION_TIMEOUT_RANGE = millisTo(100, Duration.ofHours(1));
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final Range.OfDuration CLOSE_TIMEOUT_RANGE = millisTo(100, Duration.ofMinutes(10));

    static final Duration RECONNECT_INTERVAL = Duration.ofMillis(500);
    static final Range.OfDuration RECONNECT_INTERVAL_RANGE = millisTo(10, Duration.ofHours(1));
    static final Duration RECONNECT_MAX_INTERVAL = Duration.ofSeconds(30);
    /** Also at least {@code reconnect.interval}. */
    static final Range.OfDuration RECONNECT_MAX_INTERVAL_RANGE = millisTo(10, Duration.ofHours(24));
    static final double RECONNECT_MULTIPLIER = 2.0;
    static final Range.OfDecimal RECONNECT_MULTIPLIER_RANGE = new Range.OfDecimal(1.0, 1000.0);
    static final double RECONNECT_JITTER = 0.2;
    static final Range.OfDecimal RECONNECT_JITTER_RANGE = new Range.OfDecimal(0.0, 1.0);
    /** Persistent clients retry without limit; an on-demand client gives up after this many attempts. */
    static final int ON_DEMAND_ATTEMPTS = 4;
    static final Range.OfCount COUNT_RANGE = new Range.OfCount(1, 1_000_000);
    /** 0: every open starts the backoff again, even one the server drops at once. */
    static final Duration RECONNECT_STABLE_AFTER = Duration.ofSeconds(30);
    static final Range.OfDuration RECONNECT_STABLE_AFTER_RANGE = millisTo(0, Duration.ofHours(24));

    static final String STORE_TYPE = "PKCS12";
    static final boolean TLS_VERIFY_SERVER_CERT = true;
    static final boolean TLS_VERIFY_SERVER_HOSTNAME = true;
    static final List<String> TLS_PROTOCOLS = TlsConfig.DEFAULT_PROTOCOLS;
    /** The TLS hop to an HTTPS proxy checks the proxy's certificate against its host name. */
    static final boolean PROXY_TLS_VERIFY_HOSTNAME = true;

    /** The port of the URI and of {@code proxy.host}. */
    static final Range.OfCount PORT_RANGE = new Range.OfCount(1, 65535);

    static final Duration PING_INTERVAL = Duration.ofSeconds(20);
    static final Range.OfDuration PING_INTERVAL_RANGE = millisTo(100, Duration.ofHours(24));
    static final int PING_PROBES = 3;
    static final Range.OfCount PING_PROBES_RANGE = new Range.OfCount(1, 100);

    static final Duration TCP_KEEPALIVE_IDLE = Duration.ofSeconds(20);
    static final Duration TCP_KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
    /** Linux takes TCP_KEEPIDLE and TCP_KEEPINTVL in whole seconds up to 32767. */
    static final Range.OfDuration TCP_KEEPALIVE_TIME_RANGE =
            new Range.OfDuration(Duration.ofSeconds(1), Duration.ofSeconds(32767), true);
    static final int TCP_KEEPALIVE_PROBES = 3;
    /** Linux takes TCP_KEEPCNT up to 127. */
    static final Range.OfCount TCP_KEEPALIVE_PROBES_RANGE = new Range.OfCount(1, 127);

    /** As large as the outbound bound: a peer may send us what we may queue for it. */
    static final long MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    /** At most 1 GiB, so that a size fits an int. */
    static final Range.OfSize SIZE_RANGE = new Range.OfSize(1024, 1024L * 1024 * 1024);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    static final Range.OfDuration WRITE_TIMEOUT_RANGE = millisTo(100, Duration.ofHours(1));
    static final int DELIVERY_MAX_QUEUED_MESSAGES = 1000;
    static final long DELIVERY_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

    static final int SEND_BUFFER_MAX_MESSAGES = 1000;
    static final long SEND_BUFFER_MAX_BYTES = 1024L * 1024;
    /** Half the outbound queue's 16 MiB: the held messages, framed, always fit a new connection's queue at once. */
    static final Range.OfSize SEND_BUFFER_MAX_BYTES_RANGE = new Range.OfSize(1024, 8L * 1024 * 1024);
    static final Duration SEND_BUFFER_MAX_AGE = Duration.ofSeconds(30);
    static final Range.OfDuration SEND_BUFFER_MAX_AGE_RANGE = millisTo(10, Duration.ofHours(24));

    /**
     * A persistent client is meant to be open whenever the application runs: readiness follows it. An on-demand
     * client is idle between uses by design, and would make the node look unready while nothing is wrong.
     */
    static boolean healthReadiness(ConnectionType type) {
        return type == ConnectionType.PERSISTENT;
    }

    /** The range of each key that has one, by key relative to the client's prefix. */
    static final Map<String, Range> RANGES = Map.ofEntries(
            entry(ClientKeys.URI, PORT_RANGE),
            entry(ClientKeys.CONNECTION_TIMEOUT, CONNECTION_TIMEOUT_RANGE),
            entry(ClientKeys.CLOSE_TIMEOUT, CLOSE_TIMEOUT_RANGE),
            entry(ClientKeys.RECONNECT_INTERVAL, RECONNECT_INTERVAL_RANGE),
            entry(ClientKeys.RECONNECT_MAX_INTERVAL, RECONNECT_MAX_INTERVAL_RANGE),
            entry(ClientKeys.RECONNECT_MULTIPLIER, RECONNECT_MULTIPLIER_RANGE),
            entry(ClientKeys.RECONNECT_JITTER, RECONNECT_JITTER_RANGE),
            entry(ClientKeys.RECONNECT_ATTEMPTS, COUNT_RANGE),
            entry(ClientKeys.RECONNECT_STABLE_AFTER, RECONNECT_STABLE_AFTER_RANGE),
            entry(ClientKeys.PROXY_HOST, PORT_RANGE),
            entry(ClientKeys.TCP_KEEPALIVE_IDLE, TCP_KEEPALIVE_TIME_RANGE),
            entry(ClientKeys.TCP_KEEPALIVE_INTERVAL, TCP_KEEPALIVE_TIME_RANGE),
            entry(ClientKeys.TCP_KEEPALIVE_PROBES, TCP_KEEPALIVE_PROBES_RANGE),
            entry(ClientKeys.PING_INTERVAL, PING_INTERVAL_RANGE),
            entry(ClientKeys.PING_PROBES, PING_PROBES_RANGE),
            entry(ClientKeys.MAX_MESSAGE_SIZE, SIZE_RANGE),
            entry(ClientKeys.WRITE_TIMEOUT, WRITE_TIMEOUT_RANGE),
            entry(ClientKeys.DELIVERY_MAX_QUEUED_MESSAGES, COUNT_RANGE),
            entry(ClientKeys.DELIVERY_MAX_QUEUED_BYTES, SIZE_RANGE),
            entry(ClientKeys.SEND_BUFFER_MAX_MESSAGES, COUNT_RANGE),
            entry(ClientKeys.SEND_BUFFER_MAX_BYTES, SEND_BUFFER_MAX_BYTES_RANGE),
            entry(ClientKeys.SEND_BUFFER_MAX_AGE, SEND_BUFFER_MAX_AGE_RANGE));

    private Defaults() {
    }

    private static Range.OfDuration millisTo(long minMillis, Duration max) {
        return new Range.OfDuration(Duration.ofMillis(minMillis), max, false);
    }
}
