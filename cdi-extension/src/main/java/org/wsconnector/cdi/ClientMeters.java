package org.wsconnector.cdi;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.wsconnector.impl.engine.ConnectionCounters;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import static org.wsconnector.cdi.ClientMetricDefinitions.PING_ROUND_TRIP;

/**
 * One client's meters in a Micrometer registry, tagged {@code client=<name>}: those of
 * {@link ClientMetricDefinitions}. Counters are function counters over the engine's own {@link ConnectionCounters},
 * read when the registry is scraped: the message path pays nothing for Micrometer.
 *
 * <p>Registered through the registry's own methods ({@code more().counter}, {@code gauge}, {@code timer}), not the
 * meter builders: the registry WildFly gives a deployment passes only those on to what it exports — a builder's meter
 * stays in a private store nobody scrapes (found by WildFlyMetricsIT) — so descriptions are not set.
 */
final class ClientMeters extends RegisteredClientMetrics {
    private final MeterRegistry registry;
    private final ConnectionCounters counters;
    private final Tags tags;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    private ClientMeters(MeterRegistry registry, DefaultManagedWebSocket connection) {
        super(connection);
        this.registry = registry;
        this.counters = connection.counters();
        this.tags = Tags.of(ClientMetricDefinitions.CLIENT, connection.name());
    }

    /** Registers the client's meters and starts feeding the ping timer; {@link #remove()} undoes both. */
    static ClientMeters register(MeterRegistry registry, DefaultManagedWebSocket connection) {
        ClientMeters client = new ClientMeters(registry, connection);
        client.registerAll();
        return client;
    }

    private Tags with(Map<String, String> more) {
        return tags.and(more.entrySet().stream().map(tag -> Tag.of(tag.getKey(), tag.getValue())).toList());
    }

    @Override
    void count(ClientMetricDefinitions.Count count) {
        meters.add(registry.more().counter(count.name(), with(count.tags()), counters,
                client -> count.value().applyAsLong(client)));
    }

    @Override
    void gauge(ClientMetricDefinitions.Gauge gauge) {
        Tags gaugeTags = with(gauge.tags());
        registry.gauge(gauge.name(), gaugeTags, connection, client -> gauge.value().applyAsLong(client));
        Gauge registered = registry.find(gauge.name()).tags(gaugeTags).gauge();
        if (registered != null) { // else a registry that keeps nothing (a no-op one): nothing to remove either
            meters.add(registered);
        }
    }

    /**
     * With histogram buckets where the registry takes a configured timer; WildFly's per-deployment registry passes on
     * only {@code timer(name, tags)}, without buckets (count, sum and max are exported).
     */
    @Override
    LongConsumer pingRoundTrips() {
        Timer timer = Timer.builder(PING_ROUND_TRIP).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        if (registry.find(PING_ROUND_TRIP).tags(tags).timer() == null) {
            registry.remove(timer);
            timer = registry.timer(PING_ROUND_TRIP, tags);
        }
        meters.add(timer);
        Timer roundTrips = timer;
        return nanos -> roundTrips.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    void removeRegistered() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
