package org.wsconnector.cdi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import org.wsconnector.impl.WebSocketConnector;

/**
 * Publishes every client's instruments ({@link ClientInstruments}) through the OpenTelemetry metrics API: the
 * {@code OpenTelemetry} bean when there is one (MicroProfile Telemetry gives every deployment one: WildFly's
 * microprofile-telemetry subsystem, Payara), else {@link GlobalOpenTelemetry} (an SE application's SDK, or the no-op
 * one while nothing set it). Its exporter (OTLP to a collector, on WildFly) sends them on. Follows reloads
 * ({@link ClientMetricsWatcher}).
 *
 * <p>Refers to OpenTelemetry: the lifecycle loads this class only after it found the API, so that a container without
 * it never loads it (see {@link WebSocketConnectorExtension#openTelemetryPresent()}).
 */
final class OpenTelemetryMetrics {
    /** The instrumentation scope of the connector's instruments. */
    static final String SCOPE = "org.wsconnector";

    private OpenTelemetryMetrics() {
    }

    /** Registers the instruments of every client of {@code connector} now, and of each one a reload adds. */
    static AutoCloseable watch(BeanManager beanManager, WebSocketConnector connector) {
        Instance<OpenTelemetry> beans = beanManager.createInstance().select(OpenTelemetry.class);
        boolean fromBean = beans.isResolvable();
        Meter meter = (fromBean ? beans.get() : GlobalOpenTelemetry.get()).getMeter(SCOPE);
        return ClientMetricsWatcher.watch(connector, "OpenTelemetry",
                fromBean ? "the OpenTelemetry bean" : "GlobalOpenTelemetry",
                connection -> ClientInstruments.register(meter, connection), ClientInstruments::remove);
    }
}
