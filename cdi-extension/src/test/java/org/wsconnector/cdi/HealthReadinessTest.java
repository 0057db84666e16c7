package org.wsconnector.cdi;

import io.smallrye.config.inject.ConfigExtension;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.health.registry.HealthRegistries;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.LoneClusterMember;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /health/ready} as WildFly computes it — SmallRye Health, the implementation WildFly 39 ships, over Weld —
 * with a real echo server: one check per persistent client, UP only while it is OPEN, its data free of secrets; the
 * clients that opted out and the on-demand ones are not there.
 */
class HealthReadinessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static WeldBoot boot(Map<String, String> properties) {
        return WeldBoot.start(properties, List.of(new ConfigExtension()), SmallRyeHealthReporter.class,
                AsyncHealthCheckFactory.class, HealthRegistries.class);
    }

    private static SmallRyeHealth readiness(WeldBoot boot) {
        return boot.container().select(SmallRyeHealthReporter.class).get().getReadiness();
    }

    private static List<JsonObject> checks(SmallRyeHealth health) {
        return health.getPayload().getJsonArray("checks").getValuesAs(JsonObject.class);
    }

    @Test
    void anOpenClientIsUpWithItsDataAndOptedOutAndOnDemandClientsAreAbsent() {
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = boot(Map.of(
                     "websocket.client.ari.uri", server.uri() + "?app=calls",
                     "websocket.client.quiet.uri", server.uri().toString(),
                     "websocket.client.quiet.health.readiness", "false",
                     "websocket.client.lazy.uri", server.uri().toString(),
                     "websocket.client.lazy.connection-type", "on-demand"))) {
            Instant booted = Instant.now();

            await().atMost(PATIENCE).until(() -> !readiness(boot).isDown());

            SmallRyeHealth health = readiness(boot);
            assertThat(checks(health)).extracting(check -> check.getString("name"))
                    .containsExactlyInAnyOrder("ws-connector/ari", "ws-connector/added-by-reload");
            JsonObject added = check(health, "ws-connector/added-by-reload");
            assertThat(added.getString("status")).isEqualTo("UP");
            assertThat(added.getJsonObject("data").getString("clients")).isEqualTo("none");
            JsonObject ari = check(health, "ws-connector/ari");
            assertThat(ari.getString("status")).isEqualTo("UP");
            JsonObject data = ari.getJsonObject("data");
            assertThat(data.getString("state")).isEqualTo("OPEN");
            assertThat(Instant.parse(data.getString("since"))).isBetween(booted.minusSeconds(30), Instant.now());
            assertThat(data.getString("uri")).isEqualTo(server.uri() + "?app=calls");
            assertThat(data.getJsonNumber("reconnects").longValue()).isZero();
            assertThat(data).doesNotContainKeys("proxy", "lastFailureClass", "lastFailureMessage",
                    "lastFailureAt");
            assertThat(server.openSessionCount()).as("the opted-out client is connected, only not reported")
                    .isEqualTo(2);
        }
    }

    /**
     * Weld SE with a one-member client and a real JGroups member alone in its cluster: with quorum 1 it holds the
     * client (one connection, UP); with quorum 2 it is below the quorum, stands by (no connection) and is still UP,
     * its data saying who holds the client.
     */
    @Test
    void aOneMemberClientIsOpenOnTheMemberThatHoldsItAndOnStandbyElsewhereWithoutMakingTheNodeNotReady()
            throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            try (WeldBoot boot = boot(clustered(server, 1))) {
                server.awaitOpenSessions(1, PATIENCE);
                await().atMost(PATIENCE).until(() -> !readiness(boot).isDown());
                assertThat(check(readiness(boot), "ws-connector/ari").getJsonObject("data")).doesNotContainKey("heldBy");
            }
            int before = server.connections().size();
            try (WeldBoot boot = boot(clustered(server, 2))) {
                SmallRyeHealth health = readiness(boot);

                assertThat(health.isDown()).isFalse();
                JsonObject ari = check(health, "ws-connector/ari");
                assertThat(ari.getString("status")).isEqualTo("UP");
                assertThat(ari.getJsonObject("data").getString("state")).isEqualTo("CLOSED");
                assertThat(ari.getJsonObject("data").getString("heldBy"))
                        .isEqualTo(ConnectionStatus.NO_HOLDER);
                assertThat(server.connections()).as("no upgrade from a member on standby").hasSize(before);
            }
        }
    }

    private static Map<String, String> clustered(EchoServer server, int quorum) {
        Map<String, String> keys = new HashMap<>(LoneClusterMember.keys("readiness", quorum));
        keys.put("websocket.client.ari.uri", server.uri().toString());
        keys.put("websocket.client.ari.cluster.ownership", "one-member");
        return keys;
    }

    @Test
    void aClientWhoseServerIsDownMakesTheNodeNotReadyAndSaysWhy() {
        EchoServer stopped = EchoServer.builder().start();
        String uri = stopped.uri() + "?api_key=s3cr3t-key";
        stopped.close(); // nothing listens on its port any more: each attempt is refused
        try (WeldBoot boot = boot(Map.of(
                "websocket.client.ari.uri", uri,
                "websocket.client.ari.reconnect.interval", "100ms",
                "websocket.client.ari.reconnect.max-interval", "200ms"))) {
            await().atMost(PATIENCE).until(() -> check(readiness(boot), "ws-connector/ari").getJsonObject("data")
                    .getJsonNumber("reconnects").longValue() >= 2);

            SmallRyeHealth health = readiness(boot);
            assertThat(health.isDown()).isTrue();
            JsonObject ari = check(health, "ws-connector/ari");
            assertThat(ari.getString("name")).isEqualTo("ws-connector/ari");
            assertThat(ari.getString("status")).isEqualTo("DOWN");
            JsonObject data = ari.getJsonObject("data");
            assertThat(data.getString("state")).isIn("RECONNECTING", "CONNECTING");
            assertThat(data.getString("uri")).endsWith("?api_key=****");
            assertThat(data.getString("lastFailureClass")).isEqualTo(ConnectFailedException.class.getName());
            assertThat(data.getString("lastFailureMessage")).contains("127.0.0.1:" + stopped.port());
            assertThat(Instant.parse(data.getString("lastFailureAt")))
                    .isAfterOrEqualTo(Instant.parse(data.getString("since")));
            assertThat(health.getPayload().toString()).doesNotContain("s3cr3t");
        }
    }

    @Test
    void aClientThatAReloadRemovedOrOptedOutNoLongerHoldsTheNodeDown() {
        EchoServer stopped = EchoServer.builder().start();
        String deadUri = stopped.uri().toString();
        stopped.close();
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> boot = Map.of("websocket.client.ari.uri", deadUri,
                    "websocket.client.feed.uri", deadUri,
                    "websocket.client.kept.uri", server.uri().toString());
            ChangingConfigSource source = new ChangingConfigSource(boot);
            try (WeldBoot weld = WeldBoot.start(source, List.of(new ConfigExtension()), SmallRyeHealthReporter.class,
                    AsyncHealthCheckFactory.class, HealthRegistries.class)) {
                await().atMost(PATIENCE).until(() -> status(readiness(weld), "ws-connector/kept").equals("UP"));
                assertThat(readiness(weld).isDown()).as("ari and feed cannot connect").isTrue();

                source.replaceWith(Map.of("websocket.client.feed.uri", deadUri,
                        "websocket.client.feed.health.readiness", "false",
                        "websocket.client.kept.uri", server.uri().toString()));
                weld.container().select(org.wsconnector.ConfigurationReload.class).get().reload();

                SmallRyeHealth health = readiness(weld);
                assertThat(health.isDown()).as("%s", health.getPayload()).isFalse();
                JsonObject ari = check(health, "ws-connector/ari");
                assertThat(ari.getString("status")).isEqualTo("UP");
                assertThat(ari.getJsonObject("data").getString("state")).isEqualTo("REMOVED");
                JsonObject feed = check(health, "ws-connector/feed");
                assertThat(feed.getString("status")).isEqualTo("UP");
                assertThat(feed.getJsonObject("data").getString("state")).isIn("CONNECTING", "RECONNECTING");
                assertThat(feed.getJsonObject("data").getString("readiness")).startsWith("off");
            }
        }
    }

    /**
     * A reload that adds a client, or turns {@code health.readiness} on for one that had no check at deployment:
     * {@code ws-connector/added-by-reload} is DOWN while either is not OPEN, naming it and its failure, and UP once
     * both are.
     */
    @Test
    void clientsWithoutACheckOfTheirOwnAreCheckedByTheAddedByReloadCheck() {
        EchoServer stopped = EchoServer.builder().start();
        String deadUri = stopped.uri().toString();
        stopped.close();
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> boot = Map.of("websocket.client.kept.uri", server.uri().toString(),
                    "websocket.client.quiet.uri", server.uri().toString(),
                    "websocket.client.quiet.health.readiness", "false");
            ChangingConfigSource source = new ChangingConfigSource(boot);
            try (WeldBoot weld = WeldBoot.start(source, List.of(new ConfigExtension()), SmallRyeHealthReporter.class,
                    AsyncHealthCheckFactory.class, HealthRegistries.class)) {
                await().atMost(PATIENCE).until(() -> !readiness(weld).isDown());
                ConfigurationReload reload = weld.container().select(ConfigurationReload.class).get();

                Map<String, String> withLate = new HashMap<>(boot);
                withLate.put("websocket.client.quiet.health.readiness", "true");
                withLate.put("websocket.client.late.uri", deadUri);
                source.replaceWith(withLate);
                reload.reload();

                await().atMost(PATIENCE).until(() -> check(readiness(weld), "ws-connector/added-by-reload")
                        .getJsonObject("data").getString("late").contains("ConnectFailedException"));
                SmallRyeHealth down = readiness(weld);
                assertThat(down.isDown()).as("%s", down.getPayload()).isTrue();
                JsonObject added = check(down, "ws-connector/added-by-reload");
                assertThat(added.getString("status")).isEqualTo("DOWN");
                assertThat(added.getJsonObject("data").getString("clients")).isEqualTo("late,quiet");
                assertThat(added.getJsonObject("data").getString("quiet")).startsWith("OPEN since ");
                assertThat(added.getJsonObject("data").getString("late")).containsPattern("^(RE)?CONNECTING since ");
                assertThat(status(down, "ws-connector/kept")).isEqualTo("UP");

                withLate.put("websocket.client.late.uri", server.uri().toString());
                source.replaceWith(withLate);
                reload.reload();

                await().atMost(PATIENCE).until(() -> !readiness(weld).isDown());
                assertThat(check(readiness(weld), "ws-connector/added-by-reload").getJsonObject("data")
                        .getString("late")).startsWith("OPEN since ");
            }
        }
    }

    private static JsonObject check(SmallRyeHealth health, String name) {
        return checks(health).stream().filter(check -> check.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health.getPayload()));
    }

    private static String status(SmallRyeHealth health, String name) {
        return check(health, name).getString("status");
    }
}
