package org.wsconnector.cdi;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.engine.ConnectionCounters;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What every client's metrics are — names, descriptions, tags (attributes in OpenTelemetry) and what each reads —
 * whichever API publishes them: {@link ClientMeters} (Micrometer) and {@link ClientInstruments} (OpenTelemetry) both
 * register these. Refers to neither API, so that either may be absent. Names follow Quarkus's WebSocket client
 * metrics ({@code quarkus.websockets.client.*}, without the {@code quarkus.} prefix) where Quarkus has one; the rest
 * are the connector's own (README, Metrics). Every tag set also carries {@code client=<name>}.
 */
final class ClientMetricDefinitions {
    static final String CLIENT = "client";
    static final String PREFIX = "websockets.client.";
    static final String OPENED = PREFIX + "connections.opened";
    static final String OPEN_ERRORS = PREFIX + "connections.opened.errors";
    static final String CLOSED = PREFIX + "connections.closed";
    static final String COUNT = PREFIX + "count";
    static final String BYTES = PREFIX + "bytes";
    static final String RECONNECTS = PREFIX + "reconnects";
    static final String DEAD_PEERS = PREFIX + "dead.peers";
    static final String PING_ROUND_TRIP = PREFIX + "ping.round.trip";
    static final String PING_ROUND_TRIP_DESCRIPTION = "Round trip of each answered keepalive ping";
    /** Histogram buckets of the ping round trip, in seconds: 1 ms to 30 s. */
    static final List<Double> PING_ROUND_TRIP_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
            0.5, 1.0, 2.5, 5.0, 10.0, 30.0);
    static final String STATE = PREFIX + "state";
    static final String INBOUND_QUEUED = PREFIX + "inbound.queued";
    /** 1 while another cluster member holds the client and it is CLOSED here on standby (README "Cluster"). */
    static final String STANDBY = PREFIX + "standby";
    /** Open failures that can happen to any client: their series exist (at 0) from the start, for dashboards. */
    static final List<Class<? extends WebSocketConnectorException>> OPEN_FAILURES = List.of(
            ConnectFailedException.class, ConnectTimeoutException.class, ProxyException.class,
            ProxyAuthenticationException.class, TlsHandshakeException.class, UpgradeRejectedException.class);

    /** A monotonic count the engine keeps; {@code unit} in UCUM as OpenTelemetry writes it (Micrometer ignores it). */
    record Count(String name, String description, String unit, Map<String, String> tags,
                 ToLongFunction<ConnectionCounters> value) {
    }

    /** A value read from the client when collected. */
    record Gauge(String name, String description, Map<String, String> tags,
                 ToLongFunction<DefaultManagedWebSocket> value) {
    }

    static final List<Count> COUNTS = List.of(
            new Count(OPENED, "Connections that opened: first opens, reopens, recoveries", "{connection}", Map.of(),
                    ConnectionCounters::opened),
            new Count(CLOSED, "Open connections that ended, for any reason", "{connection}", Map.of(),
                    ConnectionCounters::closed),
            new Count(RECONNECTS, "Reconnect attempts scheduled", "{attempt}", Map.of(),
                    ConnectionCounters::reconnects),
            new Count(DEAD_PEERS, "Connections ended because the keepalive pings went unanswered", "{connection}",
                    Map.of(), ConnectionCounters::deadPeers),
            messages(Direction.INBOUND, ConnectionCounters::messagesReceived),
            messages(Direction.OUTBOUND, ConnectionCounters::messagesSent),
            bytes(Direction.INBOUND, ConnectionCounters::bytesReceived),
            bytes(Direction.OUTBOUND, ConnectionCounters::bytesSent));

    private enum Direction { INBOUND, OUTBOUND }

    private ClientMetricDefinitions() {
    }

    private static Count messages(Direction direction, ToLongFunction<ConnectionCounters> value) {
        return new Count(COUNT, "Text and binary messages received or written to the socket", "{message}",
                Map.of("direction", direction.name()), value);
    }

    private static Count bytes(Direction direction, ToLongFunction<ConnectionCounters> value) {
        return new Count(BYTES, "Payload bytes of the messages received or written (UTF-8 for text)", "By",
                Map.of("direction", direction.name()), value);
    }

    /** Failed connect attempts of one failure class, tagged with its simple name. */
    static Count openFailures(String type) {
        String simpleName = type.substring(type.lastIndexOf('.') + 1);
        return new Count(OPEN_ERRORS, "Failed connect attempts by failure class", "{attempt}",
                Map.of("failure", simpleName), counters -> counters.openFailures(type));
    }

    /**
     * 1 for the client's current state, 0 for the others (one series per state), 1 while it is on standby (another
     * cluster member holds it), and the inbound queue's depth.
     */
    static List<Gauge> gauges() {
        List<Gauge> gauges = new ArrayList<>();
        for (ConnectionState state : ConnectionState.values()) {
            gauges.add(new Gauge(STATE, "1 for the client's current state, 0 for the others",
                    Map.of("state", state.name()), client -> client.state() == state ? 1 : 0));
        }
        gauges.add(new Gauge(STANDBY, "1 while another cluster member holds the client (CLOSED here, not down)",
                Map.of(), client -> client.status().standby() ? 1 : 0));
        gauges.add(new Gauge(INBOUND_QUEUED, "Messages received and not yet handed to the application", Map.of(),
                client -> client.inboundQueued()));
        return gauges;
    }
}
