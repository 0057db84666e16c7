package org.wsconnector.cdi;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ConnectionState;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.LoneClusterMember;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.cdi.ClientMetricDefinitions.BYTES;
import static org.wsconnector.cdi.ClientMetricDefinitions.CLOSED;
import static org.wsconnector.cdi.ClientMetricDefinitions.COUNT;
import static org.wsconnector.cdi.ClientMetricDefinitions.INBOUND_QUEUED;
import static org.wsconnector.cdi.ClientMetricDefinitions.OPENED;
import static org.wsconnector.cdi.ClientMetricDefinitions.OPEN_ERRORS;
import static org.wsconnector.cdi.ClientMetricDefinitions.PING_ROUND_TRIP;
import static org.wsconnector.cdi.ClientMetricDefinitions.PREFIX;
import static org.wsconnector.cdi.ClientMetricDefinitions.RECONNECTS;
import static org.wsconnector.cdi.ClientMetricDefinitions.STANDBY;
import static org.wsconnector.cdi.ClientMetricDefinitions.STATE;

/**
 * The clients' Micrometer meters over Weld SE with a real echo server: published to the application's
 * {@code MeterRegistry} bean (as WildFly's micrometer subsystem provides one), with the engine's exact counts, the
 * state and queue gauges and the ping timer; removed when the application stops. Without such a bean they go to
 * {@code Metrics.globalRegistry}.
 */
class MicrometerMetricsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** The application's registry, as a bean: what WildFly's micrometer subsystem gives a deployment. */
    @ApplicationScoped
    static class RegistryProducer {
        static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

        @Produces
        @ApplicationScoped
        MeterRegistry registry() {
            return REGISTRY;
        }
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags("client", "ari").tags(tags).functionCounter().count();
    }

    private static double gauge(MeterRegistry registry, String name, String... tags) {
        return RequiredSearch.in(registry).name(name).tags("client", "ari").tags(tags).gauge().value();
    }

    @Test
    void theRegistryBeanGetsExactCountsGaugesAndPingRoundTripsUntilTheApplicationStops() throws Exception {
        SimpleMeterRegistry registry = RegistryProducer.REGISTRY;
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString(),
                     "websocket.client.ari.ping.interval", "200ms",
                     "websocket.client.ari.reconnect.interval", "100ms",
                     "websocket.client.ari.reconnect.max-interval", "200ms"), AriApplication.class,
                     RegistryProducer.class)) {
            AriApplication application = boot.container().select(AriApplication.class).get();
            long bytes = application.openAndEchoTen(PATIENCE);

            assertThat(count(registry, OPENED)).isEqualTo(1);
            assertThat(count(registry, COUNT, "direction", "OUTBOUND")).isEqualTo(10);
            assertThat(count(registry, COUNT, "direction", "INBOUND")).isEqualTo(10);
            assertThat(count(registry, BYTES, "direction", "OUTBOUND")).isEqualTo(bytes);
            assertThat(count(registry, BYTES, "direction", "INBOUND")).isEqualTo(bytes);
            assertThat(count(registry, CLOSED)).isZero();
            assertThat(count(registry, OPEN_ERRORS, "failure", "ConnectTimeoutException"))
                    .as("known failure classes have a series from the start").isZero();
            assertThat(gauge(registry, STATE, "state", "OPEN")).isEqualTo(1);
            assertThat(gauge(registry, STATE, "state", "RECONNECTING")).isZero();
            assertThat(gauge(registry, INBOUND_QUEUED)).isZero();
            Timer pings = RequiredSearch.in(registry).name(PING_ROUND_TRIP).tags("client", "ari").timer();
            await().atMost(PATIENCE).until(() -> pings.count() >= 2);
            assertThat(pings.max(TimeUnit.NANOSECONDS)).isPositive();

            server.stop(); // the connection is lost; every attempt after it is refused
            await().atMost(PATIENCE).until(() -> count(registry, OPEN_ERRORS,
                    "failure", "ConnectFailedException") >= 1);
            assertThat(count(registry, CLOSED)).isEqualTo(1);
            assertThat(count(registry, RECONNECTS)).isGreaterThanOrEqualTo(2);
            assertThat(gauge(registry, STATE, "state", "OPEN")).isZero();
            assertThat(gauge(registry, STATE, "state", "RECONNECTING")).isEqualTo(1);

            boot.close();
            assertThat(registry.getMeters()).as("nothing of the stopped application stays in the registry")
                    .extracting(meter -> meter.getId().getName())
                    .noneMatch(name -> name.startsWith(PREFIX));
        }
    }

    @Test
    void aClientAReloadAddsGetsItsMetersBeforeItStartsAndOneItRemovesLosesThem() throws Exception {
        SimpleMeterRegistry registry = RegistryProducer.REGISTRY;
        try (EchoServer server = EchoServer.builder().start()) {
            ChangingConfigSource source = new ChangingConfigSource(Map.of(
                    "websocket.client.ari.uri", server.uri().toString(),
                    "websocket.client.gone.uri", server.uri().toString()));
            try (WeldBoot boot = WeldBoot.start(source, List.of(), RegistryProducer.class)) {
                ConfigurationReload reload = boot.container().select(ConfigurationReload.class).get();
                server.awaitOpenSessions(2, PATIENCE);
                // The server has its session before the client has read the 101 and counted its open.
                await().atMost(PATIENCE).until(() -> RequiredSearch.in(registry).name(OPENED).tags("client", "gone")
                        .functionCounter().count() == 1);

                source.replaceWith(Map.of(
                        "websocket.client.ari.uri", server.uri().toString(),
                        "websocket.client.fresh.uri", server.uri().toString()));
                reload.reload();

                await().atMost(PATIENCE).until(() -> registry.find(OPENED).tags("client", "fresh")
                        .functionCounter() != null
                        && registry.find(OPENED).tags("client", "fresh").functionCounter().count() == 1);
                assertThat(registry.find(STATE).tags("client", "gone").gauges())
                        .as("the removed client's series end with it").isEmpty();
                assertThat(registry.find(OPENED).tags("client", "gone").functionCounter()).isNull();
                assertThat(RequiredSearch.in(registry).name(OPENED).tags("client", "ari")
                        .functionCounter().count()).as("the untouched client's meters stay").isEqualTo(1);
            }
        }
    }

    /**
     * A one-member client on standby (a real JGroups member alone, below its quorum of 2) is 1 in the standby gauge
     * and CLOSED in the state gauge, an every-member client 0; a reload that makes it every-member opens it, and its
     * standby gauge drops to 0.
     */
    @Test
    void aClientOnStandbyShowsInTheStandbyGaugeUntilAReloadMakesItEveryMember() throws Exception {
        SimpleMeterRegistry registry = RegistryProducer.REGISTRY;
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> keys = new HashMap<>(LoneClusterMember.keys("metrics", 2));
            keys.put("websocket.client.ari.uri", server.uri().toString());
            keys.put("websocket.client.plain.uri", server.uri().toString());
            Map<String, String> everyMember = Map.copyOf(keys);
            keys.put("websocket.client.ari.cluster.ownership", "one-member");
            ChangingConfigSource source = new ChangingConfigSource(keys);
            try (WeldBoot boot = WeldBoot.start(source, List.of(), RegistryProducer.class)) {
                server.awaitOpenSessions(1, PATIENCE);
                assertThat(gauge(registry, STANDBY)).isEqualTo(1);
                assertThat(gauge(registry, STATE, "state", "CLOSED")).isEqualTo(1);
                assertThat(RequiredSearch.in(registry).name(STANDBY).tags("client", "plain").gauge()
                        .value()).isZero();

                source.replaceWith(everyMember);
                boot.container().select(ConfigurationReload.class).get().reload();

                server.awaitOpenSessions(2, PATIENCE);
                await().atMost(PATIENCE).until(() -> gauge(registry, STATE, "state", "OPEN") == 1);
                assertThat(gauge(registry, STANDBY)).isZero();
            }
        }
    }

    @Test
    void withoutARegistryBeanTheGlobalRegistryGetsTheMeters() throws Exception {
        SimpleMeterRegistry global = new SimpleMeterRegistry();
        Metrics.addRegistry(global);
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString()),
                     AriApplication.class)) {
            AriApplication application = boot.container().select(AriApplication.class).get();
            application.ari().awaitOpen(PATIENCE);

            FunctionCounter opened = RequiredSearch.in(global).name(OPENED).tags("client", "ari")
                    .functionCounter();
            assertThat(opened.count()).isEqualTo(1);
            assertThat(global.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                    .contains(STATE, INBOUND_QUEUED, PING_ROUND_TRIP);
            assertThat(application.ari().state()).isEqualTo(ConnectionState.OPEN);
        } finally {
            Metrics.removeRegistry(global);
        }
    }
}
