package org.wsconnector.cdi;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * One client's metrics of {@link ClientMetricDefinitions} registered with one metrics API, which a subclass names
 * ({@link ClientMeters}: Micrometer, {@link ClientInstruments}: OpenTelemetry): what both do alike — every definition
 * registered, the series of an open failure class registered once, when it first happens if the list does not name
 * it, the ping round trips fed from the engine — and undone by {@link #remove()}. Refers to no metrics API.
 */
abstract class RegisteredClientMetrics implements WebSocketListener {
    final DefaultManagedWebSocket connection;
    private final Set<String> failureTypes = ConcurrentHashMap.newKeySet();
    private volatile LongConsumer pingRecorder;
    /** Guarded by this: a failure class first reported while the metrics are being removed gets no series. */
    private boolean removed;

    RegisteredClientMetrics(DefaultManagedWebSocket connection) {
        this.connection = connection;
    }

    /** One count (with the client's tag added to its own). */
    abstract void count(ClientMetricDefinitions.Count count);

    /** One gauge (with the client's tag added to its own). */
    abstract void gauge(ClientMetricDefinitions.Gauge gauge);

    /** Registers the ping round trip's timer or histogram; returns what records one round trip in nanoseconds. */
    abstract LongConsumer pingRoundTrips();

    /** Removes what the methods above registered. */
    abstract void removeRegistered();

    /** Registers every metric and starts feeding the ping round trips; {@link #remove()} undoes both. */
    final void registerAll() {
        ClientMetricDefinitions.COUNTS.forEach(this::count);
        ClientMetricDefinitions.OPEN_FAILURES.forEach(type -> openFailures(type.getName()));
        ClientMetricDefinitions.gauges().forEach(this::gauge);
        pingRecorder = pingRoundTrips();
        connection.addPingRoundTripRecorder(pingRecorder);
        connection.addListener(this);
    }

    /** Once per failure class: its series, tagged with the class's simple name. */
    private synchronized void openFailures(String type) {
        if (!removed && failureTypes.add(type)) {
            count(ClientMetricDefinitions.openFailures(type));
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

    /** Removes the metrics, so that the registry keeps no reference to the connection (an undeployed application). */
    final synchronized void remove() {
        removed = true;
        connection.removeListener(this);
        connection.removePingRoundTripRecorder(pingRecorder);
        removeRegistered();
    }
}
