package org.wsconnector.cdi;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import org.wsconnector.impl.engine.ConnectionCounters;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client's OpenTelemetry instruments, with the attribute {@code client=<name>}: those of
 * {@link ClientMetricDefinitions}, under the same names as the Micrometer meters. Counts and gauges are asynchronous
 * instruments whose callbacks read the engine's own {@link ConnectionCounters} when the SDK collects: the message
 * path pays nothing for OpenTelemetry. The ping round trip is a histogram (seconds) fed by the I/O thread on each
 * answered ping.
 *
 * <p>Several clients register callbacks on the same instrument name; the SDK merges them into one instrument, and
 * closing a client's callbacks ends its series. A synchronous histogram cannot be removed: a removed client's round
 * trips stop being recorded, and its series stays in a cumulative export at its last values.
 */
final class ClientInstruments extends RegisteredClientMetrics {
    private static final Logger LOG = Logger.getLogger(ClientInstruments.class.getName());
    private static final double NANOS_PER_SECOND = 1e9;

    private final Meter meter;
    private final ConnectionCounters counters;
    private final Attributes client;
    /** The observable instruments' registrations: closing one removes its callback. */
    private final List<AutoCloseable> callbacks = new CopyOnWriteArrayList<>();

    private ClientInstruments(Meter meter, DefaultManagedWebSocket connection) {
        super(connection);
        this.meter = meter;
        this.counters = connection.counters();
        this.client = Attributes.builder().put(ClientMetricDefinitions.CLIENT, connection.name()).build();
    }

    /** Registers the client's instruments and starts feeding the ping histogram; {@link #remove()} undoes both. */
    static ClientInstruments register(Meter meter, DefaultManagedWebSocket connection) {
        ClientInstruments instruments = new ClientInstruments(meter, connection);
        instruments.registerAll();
        return instruments;
    }

    private Attributes with(Map<String, String> more) {
        AttributesBuilder attributes = client.toBuilder();
        more.forEach(attributes::put);
        return attributes.build();
    }

    @Override
    void count(ClientMetricDefinitions.Count count) {
        Attributes attributes = with(count.tags());
        callbacks.add(meter.counterBuilder(count.name()).setDescription(count.description()).setUnit(count.unit())
                .buildWithCallback(measurement ->
                        measurement.record(count.value().applyAsLong(counters), attributes)));
    }

    @Override
    void gauge(ClientMetricDefinitions.Gauge gauge) {
        Attributes attributes = with(gauge.tags());
        callbacks.add(meter.gaugeBuilder(gauge.name()).setDescription(gauge.description()).ofLongs()
                .buildWithCallback(measurement ->
                        measurement.record(gauge.value().applyAsLong(connection), attributes)));
    }

    @Override
    LongConsumer pingRoundTrips() {
        DoubleHistogram roundTrips = meter.histogramBuilder(ClientMetricDefinitions.PING_ROUND_TRIP)
                .setDescription(ClientMetricDefinitions.PING_ROUND_TRIP_DESCRIPTION).setUnit("s")
                .setExplicitBucketBoundariesAdvice(ClientMetricDefinitions.PING_ROUND_TRIP_BUCKETS).build();
        return nanos -> roundTrips.record(nanos / NANOS_PER_SECOND, client);
    }

    /** Closes the callbacks, so that the meter provider keeps no reference to the connection. */
    @Override
    void removeRegistered() {
        for (AutoCloseable callback : callbacks) {
            try {
                callback.close();
            } catch (Exception notClosed) {
                LOG.log(Level.WARNING, "ws-connector: an OpenTelemetry callback of a client could not be closed",
                        notClosed);
            }
        }
        callbacks.clear();
    }
}
