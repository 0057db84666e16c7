package org.wsconnector.cdi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import org.wsconnector.impl.WebSocketConnector;

/**
 * Publishes every client's meters ({@link ClientMeters}) to the application's Micrometer registry: the
 * {@code MeterRegistry} bean when there is one (WildFly's micrometer subsystem provides it to every deployment; an SE
 * application may produce its own), else Micrometer's global registry, which an SE application fills with the
 * registries it wants (and which discards everything while it has none). Follows reloads
 * ({@link ClientMetricsWatcher}).
 *
 * <p>Refers to Micrometer: the lifecycle loads this class only after it found the API, so that a container without it
 * never loads it (see {@link WebSocketConnectorExtension#micrometerPresent()}).
 */
final class MicrometerMetrics {
    private MicrometerMetrics() {
    }

    /** Registers the meters of every client of {@code connector} now, and of each one a reload adds. */
    static AutoCloseable watch(BeanManager beanManager, WebSocketConnector connector) {
        Instance<MeterRegistry> beans = beanManager.createInstance().select(MeterRegistry.class);
        boolean fromBean = beans.isResolvable();
        MeterRegistry registry = fromBean ? beans.get() : Metrics.globalRegistry;
        return ClientMetricsWatcher.watch(connector, "Micrometer",
                fromBean ? "the MeterRegistry bean" : "Metrics.globalRegistry",
                connection -> ClientMeters.register(registry, connection), ClientMeters::remove);
    }
}
