package org.wsconnector.cdi;

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
 *
 * <p>Registered through the registry's own methods ({@code more().counter}, {@code gauge}, {@code timer}), not the
 * meter builders: the registry WildFly gives a deployment passes only those on to what it exports — a builder's meter
 * stays in a private store nobody scrapes (found by WildFlyMetricsIT) — so descriptions are not set.
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
        counter(OPENED, ConnectionCounters::opened, tags);
        counter(CLOSED, ConnectionCounters::closed, tags);
        counter(RECONNECTS, ConnectionCounters::reconnects, tags);
        counter(DEAD_PEERS, ConnectionCounters::deadPeers, tags);
        counter(COUNT, ConnectionCounters::messagesReceived, tags.and("direction", "INBOUND"));
        counter(COUNT, ConnectionCounters::messagesSent, tags.and("direction", "OUTBOUND"));
        counter(BYTES, ConnectionCounters::bytesReceived, tags.and("direction", "INBOUND"));
        counter(BYTES, ConnectionCounters::bytesSent, tags.and("direction", "OUTBOUND"));
        OPEN_FAILURES.forEach(type -> openFailures(type.getName()));
        for (ConnectionState state : ConnectionState.values()) {
            gauge(STATE, client -> client.state() == state ? 1 : 0, tags.and("state", state.name()));
        }
        gauge(INBOUND_QUEUED, DefaultManagedWebSocket::inboundQueued, tags);
        Timer roundTrips = pingTimer();
        meters.add(roundTrips);
        connection.recordPingRoundTrips(nanos -> roundTrips.record(nanos, TimeUnit.NANOSECONDS));
        connection.addListener(this);
    }

    private void counter(String name, ToDoubleFunction<ConnectionCounters> count, Tags with) {
        meters.add(registry.more().counter(name, with, counters, count));
    }

    private void gauge(String name, ToDoubleFunction<DefaultManagedWebSocket> value, Tags with) {
        registry.gauge(name, with, connection, value);
        Gauge registered = registry.find(name).tags(with).gauge();
        if (registered != null) { // else a registry that keeps nothing (a no-op one): nothing to remove either
            meters.add(registered);
        }
    }

    /**
     * With histogram buckets where the registry takes a configured timer; WildFly's per-deployment registry passes on
     * only {@code timer(name, tags)}, without buckets (count, sum and max are exported).
     */
    private Timer pingTimer() {
        Timer withBuckets = Timer.builder(PING_ROUND_TRIP).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        if (registry.find(PING_ROUND_TRIP).tags(tags).timer() != null) {
            return withBuckets;
        }
        registry.remove(withBuckets);
        return registry.timer(PING_ROUND_TRIP, tags);
    }

    /** Once per failure class: its series, tagged with the class's simple name. */
    private void openFailures(String type) {
        if (failureTypes.add(type)) {
            String simpleName = type.substring(type.lastIndexOf('.') + 1);
            counter(OPEN_ERRORS, client -> client.openFailures(type), tags.and("failure", simpleName));
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
