package org.wsconnector.it.wildfly;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.wsconnector.it.wildfly.cluster.StateLog;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two WildFly {@code standalone-ha} servers with the cluster WAR (four {@code cluster.ownership=one-member} clients,
 * the connector's embedded JGroups 5.4.8 on a port of its own): each client is open exactly once across both servers,
 * two on each; a server that shuts down closes its clients with 1001 and the other opens them within
 * {@link #TAKEOVER_BOUND}; an undeploy closes with 1001 and leaves neither a JGroups thread nor our cluster port.
 *
 * <p>The test starts the servers itself ({@link ClusteredWildFly}: WildFly's launcher, a base directory and a port
 * offset each, deployments through the management client) rather than through Arquillian: it must stop one server in
 * the middle of a test, time what follows, and start it again, and two containers in arquillian.xml would be started
 * for every execution of the module. Offsets 300 and 400 keep it clear of the other executions' WildFly (100).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyClusterIT {
    private static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4");
    private static final String CLUSTER = "ws-it-wildfly";
    private static final int[] OFFSETS = {300, 400};
    /**
     * The connector's JGroups ports, apart from WildFly's own {@code jgroups-tcp} (7600 + offset): 7950 and 7960.
     * Not 100 apart: FD_SOCK2 listens on the member's port + 100, which would be the other member's port.
     */
    private static final int[] CONNECTOR_JGROUPS_PORTS = {7950, 7960};
    private static final String MEMBER_HEADER = "X-Member";
    private static final String CLIENT_HEADER = "X-Client";
    private static final int GOING_AWAY = 1001;
    /** Generous on a loaded CI machine; the measured takeover is a small part of it (bench/results). */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(30);
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Each round stops one server (alternately) and starts it again; a round costs one WildFly boot. */
    private static final int ROUNDS = Integer.getInteger("cluster.wildfly.rounds", 2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<ClusteredWildFly> servers = new ArrayList<>();

    @BeforeAll
    static void startBothServersAndDeploy() throws Exception {
        EchoServer echo = WildFlyFixture.echo();
        List<Integer> wildFlyPorts = new ArrayList<>();
        List<String> connectorHosts = new ArrayList<>();
        for (int offset : OFFSETS) {
            wildFlyPorts.add(ClusteredWildFly.WILDFLY_JGROUPS_PORT + offset);
        }
        for (int port : CONNECTOR_JGROUPS_PORTS) {
            connectorHosts.add("127.0.0.1:" + port);
        }
        for (int i = 0; i < OFFSETS.length; i++) {
            String name = "wildfly-" + (i + 1);
            Map<String, String> properties = new HashMap<>();
            properties.put("websocket.connector.cluster.member-name", name);
            properties.put("websocket.connector.cluster.bind-port", Integer.toString(CONNECTOR_JGROUPS_PORTS[i]));
            CLIENTS.forEach(client -> properties.put("websocket.client." + client + ".headers." + MEMBER_HEADER,
                    name));
            servers.add(new ClusteredWildFly(name, OFFSETS[i], wildFlyPorts, properties));
        }
        servers.forEach(ClusteredWildFly::start); // both boot at once
        for (ClusteredWildFly server : servers) {
            server.awaitRunning(BOOT);
        }
        for (ClusteredWildFly server : servers) {
            server.deploy(WildFlyFixture.clusterWar(CLIENTS, CLUSTER, String.join(",", connectorHosts)));
        }
        report("echo server " + echo.uri() + ", servers up and deployed");
    }

    @AfterAll
    static void stopServers() throws Exception {
        try {
            for (ClusteredWildFly server : servers) {
                server.close();
            }
        } finally {
            servers.clear();
            WildFlyFixture.stopEcho();
        }
    }

    @Test
    @Order(1)
    void eachClientIsOpenOnceAcrossBothServersTwoOnEach() throws IOException {
        Map<String, String> holders = awaitSpreadOverBoth();
        report("holders " + holders);

        for (ClusteredWildFly server : servers) {
            JsonObject holding = holding(server);
            assertThat(holding.getString("jgroupsVersion")).as("%s: the WAR's JGroups", server.name())
                    .contains("5.4.8");
            assertThat(holding.getString("jgroupsLoader")).as("%s: JGroups loaded from the deployment",
                    server.name()).contains("deployment.cluster.war");
            JsonObject clients = holding.getJsonObject("clients");
            for (String client : CLIENTS) {
                JsonObject status = clients.getJsonObject(client);
                boolean here = holders.get(client).equals(server.name());
                assertThat(status.getString("state")).as("%s on %s: %s", client, server.name(), status)
                        .isEqualTo(here ? "OPEN" : "CLOSED");
                assertThat(status.getString("heldBy")).as("%s on %s: standby names the holder", client,
                        server.name()).isEqualTo(here ? "" : holders.get(client));
            }
            report(server.name() + ": JGroups " + holding.getString("jgroupsVersion") + " from "
                    + holding.getString("jgroupsLoader"));
        }
    }

    @Test
    @Order(2)
    void wildFlysOwnChannelRunsBesideTheConnectorsOnAPortOfItsOwn() throws IOException {
        for (int i = 0; i < servers.size(); i++) {
            ClusteredWildFly server = servers.get(i);
            ModelNode view = server.execute(ClusteredWildFly.readAttribute("view", "subsystem", "jgroups",
                    "channel", "ee"));
            report(server.name() + ": WildFly's channel ee view " + view.asString());
            assertThat(view.asString()).as("%s: WildFly's own channel sees both servers", server.name())
                    .contains(servers.get(0).name()).contains(servers.get(1).name());
            assertThat(accepting(ClusteredWildFly.WILDFLY_JGROUPS_PORT + OFFSETS[i])).as("WildFly's JGroups port")
                    .isTrue();
            assertThat(accepting(CONNECTOR_JGROUPS_PORTS[i])).as("the connector's JGroups port").isTrue();
        }
    }

    @Test
    @Order(3)
    void aServerThatShutsDownHandsItsClientsToTheOtherWithinTheBound() throws Exception {
        List<String> figures = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ClusteredWildFly stopped = servers.get((round + 1) % 2);
            ClusteredWildFly survivor = servers.get(round % 2);
            Map<String, String> before = awaitSpreadOverBoth();
            Set<String> moving = before.entrySet().stream().filter(e -> e.getValue().equals(stopped.name()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            List<ConnectionSnapshot> held = openConnections().stream()
                    .filter(c -> moving.contains(c.header(CLIENT_HEADER).orElse(""))).toList();

            int logMark = stopped.log("").size();
            long start = System.nanoTime();
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> shutdown(stopped));
            long closedAt = pollUntil(() -> held.stream().noneMatch(c -> stillOpen(c.sessionId())));
            long openedAt = pollUntil(() -> moving.stream().allMatch(client ->
                    survivor.name().equals(openHolders().get(client))));
            shutdown.get();
            long exitedAt = System.nanoTime();

            List<ConnectionSnapshot> closed = closedSnapshots(held);
            assertThat(closed).as("the stopped server's connections close with 1001")
                    .allMatch(c -> c.clientClosedWith(GOING_AWAY), "closed by the client with 1001");
            assertThat(openHolders()).as("every client held once, by the survivor")
                    .containsOnlyKeys(CLIENTS).allSatisfy((client, member) ->
                            assertThat(member).isEqualTo(survivor.name()));
            String figure = String.format("round %d: %s stopped, %s moved; closed 1001 after %d ms, open on %s "
                            + "after %d ms (takeover %d ms after the close), process ended after %d ms", round + 1,
                    stopped.name(), moving, millis(closedAt - start), survivor.name(), millis(openedAt - start),
                    millis(openedAt - closedAt), millis(exitedAt - start));
            figures.add(figure);
            report(figure);
            assertThat(Duration.ofNanos(openedAt - start)).as("takeover").isLessThan(TAKEOVER_BOUND);
            assertShutdownDeliveredTheLastEvents(stopped, logMark, moving);

            stopped.start(); // the deployment is kept in its base directory: the WAR starts with the server
            stopped.awaitRunning(BOOT);
        }
        awaitSpreadOverBoth();
        report("takeover figures:\n  " + String.join("\n  ", figures));
    }

    @Test
    @Order(4)
    void anUndeployClosesWith1001AndLeavesNoJGroupsThreadNorPort() throws IOException {
        Map<String, String> before = awaitSpreadOverBoth();
        ClusteredWildFly undeployed = servers.get(0);
        ClusteredWildFly other = servers.get(1);
        List<ConnectionSnapshot> held = openConnections().stream()
                .filter(c -> undeployed.name().equals(c.header(MEMBER_HEADER).orElse(""))).toList();
        assertThat(held).hasSize(2);

        undeployed.undeploy("cluster.war");

        await().atMost(TAKEOVER_BOUND).until(() -> held.stream().noneMatch(c -> stillOpen(c.sessionId())));
        assertThat(closedSnapshots(held)).allMatch(c -> c.clientClosedWith(GOING_AWAY), "closed with 1001");
        await().atMost(TAKEOVER_BOUND).until(() -> openHolders().size() == CLIENTS.size()
                && openHolders().values().stream().allMatch(other.name()::equals));
        assertThat(accepting(CONNECTOR_JGROUPS_PORTS[0])).as("the connector's JGroups port after undeploy")
                .isFalse();
        List<String> ours = threadNames(undeployed).stream().filter(name -> name.contains(CLUSTER)).toList();
        assertThat(ours).as("threads of the connector's JGroups after undeploy").isEmpty();
        report("undeploy from " + undeployed.name() + ": " + before + " -> all on " + other.name());
    }

    /**
     * A shutdown suspends the server first, and a suspended WildFly refuses every task: the application must still
     * receive each moved client's CLOSED event (delivered on the shutdown thread), and the connector must not wait
     * out its close deadline for deliveries that cannot run.
     */
    private static void assertShutdownDeliveredTheLastEvents(ClusteredWildFly stopped, int logMark,
                                                             Set<String> moving) {
        List<String> log = stopped.log("");
        List<String> shutdown = log.subList(Math.min(logMark, log.size()), log.size());
        for (String client : moving) {
            assertThat(shutdown).as("%s's state events at the shutdown of %s", client, stopped.name())
                    .anyMatch(line -> line.contains(StateLog.PREFIX + client + " CLOSING -> CLOSED"));
        }
        assertThat(shutdown).as("deliveries left at shutdown")
                .noneMatch(line -> line.contains("callbacks still running at shutdown"));
    }

    /** Waits until each client is open exactly once at the echo server, two on each server; returns who holds what. */
    private static Map<String, String> awaitSpreadOverBoth() {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<String, String> holders = openHolders();
            Map<String, Long> perMember = holders.values().stream()
                    .collect(Collectors.groupingBy(member -> member, TreeMap::new, Collectors.counting()));
            return holders.keySet().equals(Set.copyOf(CLIENTS)) && perMember.size() == 2
                    && perMember.values().stream().allMatch(count -> count == 2);
        });
        return openHolders();
    }

    /** Client to member for the open connections; fails at once when a client is open twice. */
    private static Map<String, String> openHolders() {
        Map<String, String> holders = new LinkedHashMap<>();
        for (ConnectionSnapshot connection : openConnections()) {
            String client = connection.header(CLIENT_HEADER).orElse("?");
            String member = connection.header(MEMBER_HEADER).orElse("?");
            String twice = holders.put(client, member);
            assertThat(twice).as("client %s open twice: on %s and %s", client, twice, member).isNull();
        }
        return holders;
    }

    private static List<ConnectionSnapshot> openConnections() {
        return WildFlyFixture.echo().connections().stream().filter(ConnectionSnapshot::open).toList();
    }

    private static boolean stillOpen(String sessionId) {
        return openConnections().stream().anyMatch(c -> c.sessionId().equals(sessionId));
    }

    private static List<ConnectionSnapshot> closedSnapshots(List<ConnectionSnapshot> held) {
        Set<String> ids = held.stream().map(ConnectionSnapshot::sessionId).collect(Collectors.toSet());
        return WildFlyFixture.echo().connections().stream().filter(c -> ids.contains(c.sessionId())).toList();
    }

    /** Polls every 20 ms (the resolution of the measured times) up to the takeover bound; returns when it held. */
    private static long pollUntil(BooleanSupplier condition) {
        await().atMost(TAKEOVER_BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
        return System.nanoTime();
    }

    private static void shutdown(ClusteredWildFly server) {
        try {
            server.shutdown(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject holding(ClusteredWildFly server) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(server.httpBase() + "/cluster/holding")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s /cluster/holding: %s", server.name(), response.body())
                    .isEqualTo(200);
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> threadNames(ClusteredWildFly server) throws IOException {
        ModelNode dump = new ModelNode();
        dump.get("operation").set("dump-all-threads");
        dump.get("address").add("core-service", "platform-mbean").add("type", "threading");
        dump.get("locked-monitors").set(false);
        dump.get("locked-synchronizers").set(false);
        return server.execute(dump).asList().stream().map(thread -> thread.get("thread-name").asString()).toList();
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static void report(String line) {
        System.out.println("[WildFly cluster] " + line);
    }
}
