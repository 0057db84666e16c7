package org.wsconnector;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an operator needs to know about one client at one moment, taken consistently under the client's lock
 * ({@link ManagedWebSocket#status()}): for health checks, status views and logs. Free of secrets: the URI has no
 * user info and its credential-like query values are masked, the proxy is its address only.
 *
 * @param client            the client name
 * @param state             the state at the moment of the snapshot
 * @param since             when the client entered {@code state}; before the first open, when the client was created.
 *                          A further failed attempt while RECONNECTING does not move it: the outage began earlier
 * @param uri               the server's URI as {@link org.wsconnector.config.ClientConfig#uriWithoutUserInfo()} shows
 *                          it
 * @param proxy             {@code host:port} of the forward proxy, when there is one; never its credentials
 * @param lastPingRoundTrip as {@link ManagedWebSocket#lastPingRoundTrip()}
 * @param reconnects        how many reconnect attempts were scheduled since the client was created: one for each lost
 *                          connection and one for each failed attempt that is retried
 * @param lastFailure       the most recent failure of the client (of an attempt, a lost connection, a dead peer),
 *                          kept after the client recovered: its time tells whether it is still relevant
 * @param counters          what the client has done since it was created (opens, failures, closes, messages, bytes)
 * @param inboundQueued     messages received and not yet handed to the application's callbacks, at this moment
 * @param heldBy            empty when this process holds the client (every client without a cluster); with
 *                          {@code cluster.ownership=one-member}, the cluster member that holds it while this one
 *                          stands by, or {@link #NO_HOLDER} while this member is below the quorum. A client on
 *                          standby is CLOSED here and not down
 */
public record ConnectionStatus(String client, ConnectionState state, Instant since, String uri,
                               Optional<String> proxy, Optional<Duration> lastPingRoundTrip, long reconnects,
                               Optional<Failure> lastFailure, Counters counters, int inboundQueued,
                               Optional<String> heldBy) {
    /** {@link #heldBy} while no member may hold the client as far as this one knows (below the quorum). */
    public static final String NO_HOLDER = "(none: below the quorum)";

    public ConnectionStatus {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(lastPingRoundTrip, "lastPingRoundTrip");
        Objects.requireNonNull(lastFailure, "lastFailure");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(heldBy, "heldBy");
    }

    /** A client this process holds (the form before clusters). */
    public ConnectionStatus(String client, ConnectionState state, Instant since, String uri, Optional<String> proxy,
                            Optional<Duration> lastPingRoundTrip, long reconnects, Optional<Failure> lastFailure,
                            Counters counters, int inboundQueued) {
        this(client, state, since, uri, proxy, lastPingRoundTrip, reconnects, lastFailure, counters, inboundQueued,
                Optional.empty());
    }

    /** Whether another member holds this client and this one stands by (README "Cluster"). */
    public boolean standby() {
        return heldBy.isPresent();
    }

    /**
     * Totals since the client was created, over all its connections; they only grow. The metrics the connector
     * publishes (Micrometer) are these same numbers.
     *
     * @param opened           connections that opened (first opens, reopens and recoveries alike)
     * @param openFailures     failed connect attempts by the failure's class name (as {@link Failure#type()}):
     *                         refused, timed out, proxy, TLS, upgrade; a class that never failed is absent
     * @param closed           open connections that ended, for whatever reason: the application's close or abort, the
     *                         peer's close, a lost network path, a dead peer
     * @param deadPeers        open connections ended because pings went unanswered ({@link DeadPeerException})
     * @param messagesReceived text and binary messages received (control frames not counted)
     * @param messagesSent     text and binary messages written to the socket
     * @param bytesReceived    payload bytes of the data frames received (UTF-8 for text; frame headers not counted)
     * @param bytesSent        payload bytes of the messages written
     */
    public record Counters(long opened, Map<String, Long> openFailures, long closed, long deadPeers,
                           long messagesReceived, long messagesSent, long bytesReceived, long bytesSent) {
        public Counters {
            openFailures = Map.copyOf(openFailures);
        }

        /** All open failures, whatever their class. */
        public long openFailuresTotal() {
            return openFailures.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * One failure as an operator sees it.
     *
     * @param type    the failure's class name, e.g. {@code org.wsconnector.ConnectFailedException}: what kind of
     *                failure, for a dashboard to group by
     * @param message its {@link WebSocketConnectorException#reason() reason}, which never contains a secret
     * @param at      when it was reported
     */
    public record Failure(String type, String message, Instant at) {
        public Failure {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(at, "at");
        }

        /** The failure of {@code exception}, reported at {@code at}. */
        public static Failure of(WebSocketConnectorException exception, Instant at) {
            return new Failure(exception.getClass().getName(), String.valueOf(exception.reason()), at);
        }
    }
}
