package org.wsconnector.cdi;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.engine.ConnectionCounters;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One client's meters in a Micrometer registry, tagged {@code client=<name>}. Counters are function counters over
 * the engine's own {@link ConnectionCounters}, read when the registry is scraped: the message path pays nothing for
 * Micrometer. Names follow Quarkus's WebSocket client metrics ({@code quarkus.websockets.client.*}, without the
 * {@code quarkus.} prefix) where Quarkus has one; the rest are the connector's own (README, Metrics).
 */
final class ClientMeters implements WebSocketListener {
    static final String PREFIX = "websockets.client.";
    static final String OPENED = PREFIX + "connections.opened";
    static final String OPEN_ERRORS = PREFIX + "connections.opened.errors";
    static final String CLOSED = PREFIX + "connections.closed";
    static final String COUNT = PREFIX + "count";
    static final String BYTES = PREFIX + "bytes";
    static final String RECONNECTS = PREFIX + "reconnects";
    static final String DEAD_PEERS = PREFIX + "dead.peers";
    static final String PING_ROUND_TRIP = PREFIX + "ping.round.trip";
    static final String STATE = PREFIX + "state";
    static final String INBOUND_QUEUED = PREFIX + "inbound.queued";
    /** Open failures that can happen to any client: their series exist (at 0) from the start, for dashboards. */
    private static final List<Class<? extends WebSocketConnectorException>> OPEN_FAILURES = List.of(
            ConnectFailedException.class, ConnectTimeoutException.class, ProxyException.class,
            ProxyAuthenticationException.class, TlsHandshakeException.class, UpgradeRejectedException.class);

    private final MeterRegistry registry;
    private final DefaultManagedWebSocket connection;
    private final ConnectionCounters counters;
    private final Tags tags;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Set<String> failureTypes = ConcurrentHashMap.newKeySet();

    private ClientMeters(MeterRegistry registry, DefaultManagedWebSocket connection) {
        this.registry = registry;
        this.connection = connection;
        this.counters = connection.counters();
        this.tags = Tags.of("client", connection.name());
    }

    /** Registers the client's meters and starts feeding the ping timer; {@link #remove()} undoes both. */
    static ClientMeters register(MeterRegistry registry, DefaultManagedWebSocket connection) {
        ClientMeters client = new ClientMeters(registry, connection);
        client.registerAll();
        return client;
    }

    private void registerAll() {
        counter(OPENED, "connections opened (first opens, reopens and recoveries)", ConnectionCounters::opened, tags);
        counter(CLOSED, "open connections that ended, for any reason", ConnectionCounters::closed, tags);
        counter(RECONNECTS, "reconnect attempts scheduled", ConnectionCounters::reconnects, tags);
        counter(DEAD_PEERS, "connections ended because pings went unanswered", ConnectionCounters::deadPeers, tags);
        counter(COUNT, "text and binary messages", ConnectionCounters::messagesReceived,
                tags.and("direction", "INBOUND"));
        counter(COUNT, "text and binary messages", ConnectionCounters::messagesSent, tags.and("direction", "OUTBOUND"));
        counter(BYTES, "payload bytes of text and binary messages", ConnectionCounters::bytesReceived,
                tags.and("direction", "INBOUND"));
        counter(BYTES, "payload bytes of text and binary messages", ConnectionCounters::bytesSent,
                tags.and("direction", "OUTBOUND"));
        OPEN_FAILURES.forEach(type -> openFailures(type.getName()));
        for (ConnectionState state : ConnectionState.values()) {
            meters.add(Gauge.builder(STATE, connection, client -> client.state() == state ? 1 : 0)
                    .description("1 for the client's current state, 0 for the others").tags(tags)
                    .tag("state", state.name()).register(registry));
        }
        meters.add(Gauge.builder(INBOUND_QUEUED, connection, DefaultManagedWebSocket::inboundQueued)
                .description("messages received and not yet handed to the application's callbacks").tags(tags)
                .register(registry));
        Timer roundTrips = Timer.builder(PING_ROUND_TRIP).description("round trip of answered keepalive pings")
                .tags(tags).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        meters.add(roundTrips);
        connection.recordPingRoundTrips(nanos -> roundTrips.record(nanos, TimeUnit.NANOSECONDS));
        connection.addListener(this);
    }

    private void counter(String name, String description, ToDoubleFunction<ConnectionCounters> count, Tags with) {
        meters.add(FunctionCounter.builder(name, counters, count).description(description).tags(with)
                .register(registry));
    }

    /** Once per failure class: its series, tagged with the class's simple name. */
    private void openFailures(String type) {
        if (failureTypes.add(type)) {
            counter(OPEN_ERRORS, "failed connect attempts by failure class",
                    client -> client.openFailures(type), tags.and("failure", type.substring(type.lastIndexOf('.') + 1)));
        }
    }

    /**
     * A failed attempt of a class not registered yet (a subclass the list does not name) gets its series when it is
     * first reported; on the client's delivery lane, never the I/O thread.
     */
    @Override
    public void onStateChanged(ConnectionStateChanged change) {
        boolean attempted = change.previous() == ConnectionState.CONNECTING
                || change.previous() == ConnectionState.RECONNECTING;
        if (attempted) {
            change.cause().ifPresent(failure -> openFailures(failure.getClass().getName()));
        }
    }

    /** Removes the meters, so that the registry keeps no reference to the connection (an undeployed application). */
    void remove() {
        connection.removeListener(this);
        connection.recordPingRoundTrips(nanos -> { });
        meters.forEach(registry::remove);
        meters.clear();
    }
}
