package org.wsconnector.cdi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ConnectionState;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.cdi.ClientMetricDefinitions.BYTES;
import static org.wsconnector.cdi.ClientMetricDefinitions.CLOSED;
import static org.wsconnector.cdi.ClientMetricDefinitions.COUNT;
import static org.wsconnector.cdi.ClientMetricDefinitions.DEAD_PEERS;
import static org.wsconnector.cdi.ClientMetricDefinitions.INBOUND_QUEUED;
import static org.wsconnector.cdi.ClientMetricDefinitions.OPENED;
import static org.wsconnector.cdi.ClientMetricDefinitions.OPEN_ERRORS;
import static org.wsconnector.cdi.ClientMetricDefinitions.PING_ROUND_TRIP;
import static org.wsconnector.cdi.ClientMetricDefinitions.PREFIX;
import static org.wsconnector.cdi.ClientMetricDefinitions.RECONNECTS;
import static org.wsconnector.cdi.ClientMetricDefinitions.STATE;

/**
 * The clients' OpenTelemetry instruments over Weld SE with a real echo server and a real OpenTelemetry SDK whose
 * metrics an {@link InMemoryMetricReader} collects: published through the application's {@code OpenTelemetry} bean
 * (as MicroProfile Telemetry provides one), with the engine's exact counts, the state and queue gauges and the ping
 * round trip histogram; callbacks closed when a reload removes a client and when the application stops. Without such
 * a bean they go to {@link GlobalOpenTelemetry}. Micrometer is on this class path too: both routes run side by side.
 */
class OpenTelemetryMetricsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private InMemoryMetricReader reader;
    private OpenTelemetrySdk sdk;

    /** The application's OpenTelemetry, as a bean: what MicroProfile Telemetry gives a deployment. */
    @ApplicationScoped
    static class OpenTelemetryProducer {
        static volatile OpenTelemetry current;

        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return current;
        }
    }

    @BeforeEach
    void realSdk() {
        reader = InMemoryMetricReader.create();
        sdk = OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
        OpenTelemetryProducer.current = sdk;
    }

    @AfterEach
    void closeSdk() {
        sdk.close();
        GlobalOpenTelemetry.resetForTest();
    }

    /** The connector's metric of that name in the collected ones, if it has any point. */
    private static Optional<MetricData> metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(metric -> metric.getName().equals(name))
                .filter(metric -> !metric.getData().getPoints().isEmpty()).findFirst();
    }

    /** The one point of {@code name} for {@code client} with the given further attributes (key, value, ...). */
    private static PointData point(Collection<MetricData> metrics, String name, String client, String... attributes) {
        List<? extends PointData> points = metric(metrics, name).orElseThrow(() -> new AssertionError(
                "no " + name + " in " + metrics)).getData().getPoints().stream()
                .filter(point -> has(point.getAttributes(), "client", client))
                .filter(point -> {
                    for (int i = 0; i < attributes.length; i += 2) {
                        if (!has(point.getAttributes(), attributes[i], attributes[i + 1])) {
                            return false;
                        }
                    }
                    return true;
                }).toList();
        assertThat(points).as("%s for %s %s", name, client, List.of(attributes)).hasSize(1);
        return points.get(0);
    }

    private static boolean has(Attributes attributes, String key, String value) {
        return value.equals(attributes.get(AttributeKey.stringKey(key)));
    }

    private static long value(Collection<MetricData> metrics, String name, String... attributes) {
        return ((LongPointData) point(metrics, name, "ari", attributes)).getValue();
    }

    /** The number of ping round trips recorded for ari so far. */
    private static long pings(Collection<MetricData> metrics) {
        return metric(metrics, PING_ROUND_TRIP).isEmpty() ? 0
                : ((HistogramPointData) point(metrics, PING_ROUND_TRIP, "ari")).getCount();
    }

    @Test
    void theOpenTelemetryBeanGetsExactCountsGaugesAndPingRoundTripsUntilTheApplicationStops() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString(),
                     "websocket.client.ari.ping.interval", "200ms"), AriApplication.class,
                     OpenTelemetryProducer.class)) {
            AriApplication application = boot.container().select(AriApplication.class).get();
            long bytes = application.openAndEchoTen(PATIENCE);
            await().atMost(PATIENCE).until(() -> pings(reader.collectAllMetrics()) >= 2);
            application.ari().close().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> application.ari().state() == ConnectionState.CLOSED);

            Collection<MetricData> metrics = reader.collectAllMetrics();
            assertThat(value(metrics, OPENED)).isEqualTo(1);
            assertThat(value(metrics, CLOSED)).isEqualTo(1);
            assertThat(value(metrics, COUNT, "direction", "OUTBOUND")).isEqualTo(10);
            assertThat(value(metrics, COUNT, "direction", "INBOUND")).isEqualTo(10);
            assertThat(value(metrics, BYTES, "direction", "OUTBOUND")).isEqualTo(bytes);
            assertThat(value(metrics, BYTES, "direction", "INBOUND")).isEqualTo(bytes);
            assertThat(value(metrics, RECONNECTS)).as("the application's close is not followed by a reconnect")
                    .isZero();
            assertThat(value(metrics, DEAD_PEERS)).isZero();
            assertThat(value(metrics, OPEN_ERRORS, "failure", "ConnectFailedException"))
                    .as("known failure classes have a series from the start").isZero();
            assertThat(value(metrics, STATE, "state", "CLOSED")).isEqualTo(1);
            assertThat(value(metrics, STATE, "state", "OPEN")).isZero();
            assertThat(value(metrics, INBOUND_QUEUED)).isZero();
            MetricData opened = metric(metrics, OPENED).orElseThrow();
            assertThat(opened.getInstrumentationScopeInfo().getName()).isEqualTo(OpenTelemetryMetrics.SCOPE);
            assertThat(opened.getLongSumData().isMonotonic()).isTrue();
            assertThat(opened.getDescription()).isNotBlank();
            MetricData roundTrips = metric(metrics, PING_ROUND_TRIP).orElseThrow();
            assertThat(roundTrips.getUnit()).isEqualTo("s");
            HistogramPointData pings = (HistogramPointData) point(metrics, PING_ROUND_TRIP, "ari");
            assertThat(pings.getSum()).as("seconds, not nanoseconds").isPositive().isLessThan(pings.getCount() * 5.0);
            assertThat(pings.getBoundaries()).isEqualTo(ClientMetricDefinitions.PING_ROUND_TRIP_BUCKETS);

            boot.close();
            assertThat(reader.collectAllMetrics()).as("no callback of the stopped application is left")
                    .filteredOn(metric -> metric.getName().startsWith(PREFIX))
                    .filteredOn(metric -> !metric.getName().equals(PING_ROUND_TRIP))
                    .allSatisfy(metric -> assertThat(metric.getData().getPoints()).isEmpty());
        }
    }

    @Test
    void aClientAReloadAddsGetsItsInstrumentsAndOneItRemovesLosesThem() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            ChangingConfigSource source = new ChangingConfigSource(Map.of(
                    "websocket.client.ari.uri", server.uri().toString(),
                    "websocket.client.gone.uri", server.uri().toString()));
            try (WeldBoot boot = WeldBoot.start(source, List.of(), OpenTelemetryProducer.class)) {
                ConfigurationReload reload = boot.container().select(ConfigurationReload.class).get();
                server.awaitOpenSessions(2, PATIENCE);
                // The server has its session before the client has read the 101 and counted its open.
                await().atMost(PATIENCE).until(() -> metric(reader.collectAllMetrics(), OPENED).orElseThrow()
                        .getLongSumData().getPoints().stream()
                        .anyMatch(point -> has(point.getAttributes(), "client", "gone") && point.getValue() == 1));

                source.replaceWith(Map.of(
                        "websocket.client.ari.uri", server.uri().toString(),
                        "websocket.client.fresh.uri", server.uri().toString()));
                reload.reload();

                await().atMost(PATIENCE).until(() -> metric(reader.collectAllMetrics(), OPENED).orElseThrow()
                        .getLongSumData().getPoints().stream()
                        .anyMatch(point -> has(point.getAttributes(), "client", "fresh") && point.getValue() == 1));
                Collection<MetricData> metrics = reader.collectAllMetrics();
                assertThat(metrics).as("the removed client's series end with it")
                        .filteredOn(metric -> !metric.getName().equals(PING_ROUND_TRIP))
                        .flatExtracting(metric -> metric.getData().getPoints())
                        .noneMatch(point -> has(point.getAttributes(), "client", "gone"));
                assertThat(value(metrics, OPENED)).as("the untouched client's instruments stay").isEqualTo(1);
            }
        }
    }

    @Test
    void withoutAnOpenTelemetryBeanGlobalOpenTelemetryGetsTheInstruments() throws Exception {
        GlobalOpenTelemetry.set(sdk);
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString()),
                     AriApplication.class)) {
            AriApplication application = boot.container().select(AriApplication.class).get();
            application.ari().awaitOpen(PATIENCE);

            Collection<MetricData> metrics = reader.collectAllMetrics();
            assertThat(value(metrics, OPENED)).isEqualTo(1);
            assertThat(value(metrics, STATE, "state", "OPEN")).isEqualTo(1);
        }
    }
}
