package org.wsconnector.it.wildfly;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector inside a managed WildFly (or WildFly Preview): a sample WAR injecting two clients connects over wss
 * to an echo server in this JVM, directly and through a real squid, on the server's managed executors; undeploy
 * closes both with 1001; ten
 * deploy/undeploy cycles leave no thread, socket or session behind (measured by an always-deployed probe WAR).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyConnectorIT {
    private static final String SAMPLE = "sample";
    private static final String FLAVOUR = System.getProperty("wildfly.flavour", "WildFly");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** On by default; {@code -Dwildfly.assertNoRetainedObjects=false} turns the retention check off. */
    private static final boolean ASSERT_NO_RETAINED_OBJECTS = Boolean.parseBoolean(
            System.getProperty("wildfly.assertNoRetainedObjects", "true"));

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "probe", order = 1, testable = false)
    static WebArchive probe() {
        return WildFlyFixture.probeWar();
    }

    @Deployment(name = SAMPLE, managed = false, testable = false)
    static WebArchive sample() {
        return WildFlyFixture.sampleWar();
    }

    @AfterAll
    static void stopEchoServer() {
        WildFlyFixture.serverLog("WFLYSRV0025", "WFLYSRV0050")
                .forEach(line -> report("server log: " + line));
        List<String> problems = WildFlyFixture.serverLog("org.wsconnector", "org.glassfish.tyrus", "ws-connector");
        problems.stream().filter(line -> line.contains("WARN") || line.contains("ERROR"))
                .forEach(line -> report("server log about the connector: " + line));
        WildFlyFixture.stopEcho();
    }

    @Test
    @Order(1)
    void theInjectedClientOpensOverWssOnTheServersManagedExecutorsAndUndeployClosesWith1001() {
        EchoServer echo = WildFlyFixture.echo();
        int before = echo.connections().size();
        long start = System.nanoTime();
        deployer.deploy(SAMPLE);
        long deployed = System.nanoTime();
        JsonObject status;
        try {
            status = WildFlyFixture.sampleStatus("await=10000&send=hello-from-" + FLAVOUR.split(" ")[0]);
            report("first deploy took " + millis(deployed - start) + " ms; status: " + status);
            assertThat(status.containsKey("error")).as("status error: %s", status).isFalse();
            assertThat(status.getBoolean("injected")).isTrue();
            assertThat(status.getString("state")).isEqualTo("OPEN");
            assertThat(status.getString("stateSeenByBean")).isEqualTo("OPEN");
            assertThat(status.getString("proxiedState")).as("wss through squid").isEqualTo("OPEN");
            assertThat(strings(status, "echoes")).contains("hello-from-" + FLAVOUR.split(" ")[0]);
            // Observers run on the server's managed executor (application callbacks), never on the I/O thread.
            assertThat(strings(status, "messageThreads")).isNotEmpty()
                    .allSatisfy(thread -> assertThat(thread).startsWith("EE-ManagedExecutorService-default"));
            // The connector states which scheduler it obtained (FINE, captured through JUL in the server).
            assertThat(strings(status, "log")).anySatisfy(line -> assertThat(line)
                    .contains("ws-connector started with the server's java:comp/DefaultManagedScheduledExecutorService"));
            // Nothing went wrong enough to warn (e.g. TCP keepalive options unavailable in the module system).
            assertThat(strings(status, "log")).noneSatisfy(line -> assertThat(line).startsWith("WARNING"));
            // Pings every 200 ms run on that scheduler and reach the server.
            ConnectionSnapshot pinged = echo.awaitConnection(c -> c.open() && c.pingsReceived() >= 3,
                    Duration.ofSeconds(10), "3 pings on an open connection");
            report("pings received by the echo server so far: " + pinged.pingsReceived());
            // The thread of each FINEST "ping sent" record shows where the ping tasks run.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    strings(WildFlyFixture.sampleStatus(""), "log")).filteredOn(line -> line.contains("ping sent"))
                    .isNotEmpty().allSatisfy(line -> assertThat(line)
                            .contains("[EE-ManagedScheduledExecutorService-default-Thread-")));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    WildFlyFixture.sampleStatus("").getBoolean("proxiedPingAnswered"));
            JsonObject probe = WildFlyFixture.probe(false);
            report("while deployed: " + probe.getJsonObject("threadsByName") + ", suspects "
                    + probe.getJsonArray("suspects"));
            // Every thread that runs connector or Tyrus code belongs to the server's managed executors: the pings,
            // timers and the I/O loop run there, and the connector made no thread of its own.
            assertThat(strings(probe, "suspects")).isNotEmpty()
                    .allSatisfy(thread -> assertThat(thread).startsWith("EE-Managed"));
        } finally {
            deployer.undeploy(SAMPLE);
        }
        List<ConnectionSnapshot> connections = echo.awaitConnections(before + 2, CLOSE_WAIT);
        assertThat(connections).as("direct and proxied").hasSize(before + 2);
        await().atMost(CLOSE_WAIT).until(() -> echo.openSessionCount() == 0);
        for (ConnectionSnapshot closed : echo.connections().subList(before, before + 2)) {
            report("undeploy: close " + closed.closeReason().map(Object::toString).orElse("?")
                    + ", by client frame " + closed.closeFrameFromClient());
            assertThat(closed.clientClosedWith(1001)).as("closed by the client with 1001: %s", closed).isTrue();
        }
        // squid logs a tunnel once it has ended: the proxied client really went through it, with its credentials.
        assertThat(WildFlyFixture.squid().awaitAccess(r -> r.isTunnel()
                && r.target().endsWith(":" + echo.port()), 1, CLOSE_WAIT)).allSatisfy(r ->
                assertThat(r.user()).contains(WildFlyFixture.PROXY_USER));
    }

    @Test
    @Order(2)
    void tenDeployCyclesLeaveNoConnectorThreadSocketOrSessionBehind() {
        EchoServer echo = WildFlyFixture.echo();
        JsonObject baseline = WildFlyFixture.probe(true);
        report("baseline (after the first cycle): " + figures(baseline));
        List<String> rows = new ArrayList<>();
        for (int cycle = 1; cycle <= 10; cycle++) {
            int before = echo.connections().size();
            long start = System.nanoTime();
            deployer.deploy(SAMPLE);
            long deployed = System.nanoTime();
            JsonObject status;
            try {
                status = WildFlyFixture.sampleStatus("await=10000");
            } finally {
                deployer.undeploy(SAMPLE);
            }
            long undeployed = System.nanoTime();
            assertThat(status.getString("state")).as("cycle %d: %s", cycle, status).isEqualTo("OPEN");
            List<ConnectionSnapshot> all = echo.awaitConnections(before + 2, CLOSE_WAIT);
            assertThat(all).as("cycle %d: two connections per deployment", cycle).hasSize(before + 2);
            await().atMost(CLOSE_WAIT).until(() -> echo.openSessionCount() == 0);
            for (ConnectionSnapshot closed : echo.connections().subList(before, before + 2)) {
                assertThat(closed.clientClosedWith(1001)).as("cycle %d closed with 1001: %s", cycle, closed).isTrue();
            }
            JsonObject after = WildFlyFixture.probe(false);
            rows.add(String.format(Locale.ROOT, "cycle %2d: deploy %5d ms, undeploy %5d ms, %s", cycle,
                    millis(deployed - start), millis(undeployed - deployed), figures(after)));
        }
        rows.forEach(WildFlyConnectorIT::report);
        long drainStart = System.nanoTime();
        JsonObject cycled = WildFlyFixture.probe(true);
        report(String.format(Locale.ROOT, "right after the last undeploy: %d module class loaders (baseline %d), "
                        + "live connector/Tyrus objects %s (baseline %s)",
                cycled.getJsonNumber("moduleClassLoaders").longValue(),
                baseline.getJsonNumber("moduleClassLoaders").longValue(), ours(cycled), ours(baseline)));
        if (ASSERT_NO_RETAINED_OBJECTS) {
            // The ten undeployed WARs must leave nothing alive, and at once: no more connector/Tyrus objects and
            // module class loaders than at the baseline within 5 s — less than the 10 s connection-timeout whose
            // cancelled timers kept every WAR alive while the connector scheduled each timer on the server's managed
            // scheduler (now one tick of ours drives them: TickDrivenScheduler). Not
            // zero: the baseline holds the WAR of the first test, and WildFly keeps it — an Undertow worker
            // ("default task-N") keeps the request it was created for in a local of EnhancedQueueExecutor$ThreadBody
            // .run for as long as the thread lives (heap dump: Java frame -> EnhancedQueueExecutor$Task.delegate ->
            // HttpServerExchange$1 -> ServletInitialHandler -> DeploymentImpl -> DeploymentInfo.classLoader).
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonObject now = WildFlyFixture.probe(true);
                assertThat(instanceCounts(now)).as("live connector/Tyrus objects by type vs baseline %s",
                        instanceCounts(baseline)).allSatisfy((type, count) -> assertThat(count).as(type)
                        .isLessThanOrEqualTo(instanceCounts(baseline).getOrDefault(type, 0L)));
                assertThat(now.getJsonNumber("moduleClassLoaders").longValue()).as("module class loaders vs baseline")
                        .isLessThanOrEqualTo(baseline.getJsonNumber("moduleClassLoaders").longValue());
            });
        }
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonObject end = WildFlyFixture.probe(true);
            assertThat(end.getJsonArray("suspects")).as("threads named like ours or running our code").isEmpty();
            assertThat(end.getInt("establishedToPort")).as("TCP connections to the echo server").isZero();
            assertThat(end.getInt("socketFds")).as("socket fds vs baseline").isLessThanOrEqualTo(
                    baseline.getInt("socketFds"));
            assertThat(end.getInt("threads")).as("threads vs baseline").isLessThanOrEqualTo(
                    baseline.getInt("threads") + 2);
        });
        JsonObject end = WildFlyFixture.probe(true);
        report("after 10 cycles (clean " + millis(System.nanoTime() - drainStart) + " ms after the last undeploy): "
                + figures(end));
        report(String.format(Locale.ROOT, "live module class loaders: baseline %d, after 10 cycles %d",
                baseline.getJsonNumber("moduleClassLoaders").longValue(),
                end.getJsonNumber("moduleClassLoaders").longValue()));
        report("threads by name after 10 cycles: " + end.getJsonObject("threadsByName"));
        report("connector/Tyrus types with live objects after 10 cycles (baseline " + baseline.getJsonArray(
                "liveConnectorTypes").size() + " types): " + end.getJsonArray("liveConnectorTypes").size() + " types, "
                + end.getJsonArray("liveConnectorTypes").stream().map(Object::toString)
                .filter(type -> type.contains("org.wsconnector")).toList());
        assertThat(echo.connections()).allSatisfy(c -> assertThat(c.clientClosedWith(1001)).isTrue());
        assertThat(echo.openSessionCount()).isZero();
    }

    /** Live instances per connector/Tyrus type, summed over class loaders, from the probe's class histogram. */
    private static Map<String, Long> instanceCounts(JsonObject probe) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonString entry : probe.getJsonArray("liveConnectorTypes").getValuesAs(JsonString.class)) {
            String[] fields = entry.getString().split(" ");
            counts.merge(fields[0], Long.parseLong(fields[1].substring(1)), Long::sum);
        }
        return counts;
    }

    /** The counts of the connector's own types (not Tyrus's), for the report. */
    private static Map<String, Long> ours(JsonObject probe) {
        Map<String, Long> counts = new TreeMap<>(instanceCounts(probe));
        counts.keySet().removeIf(type -> !type.startsWith("org.wsconnector.") || type.contains("$$Lambda"));
        return counts;
    }

    private static String figures(JsonObject probe) {
        return String.format(Locale.ROOT, "threads %d, fds %d, socket fds %d, to echo %d, classes %d, suspects %s",
                probe.getInt("threads"), probe.getInt("fds"), probe.getInt("socketFds"),
                probe.getInt("establishedToPort"), probe.getInt("loadedClasses"), probe.getJsonArray("suspects"));
    }

    private static List<String> strings(JsonObject json, String key) {
        return WildFlyFixture.strings(json, key);
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static void report(String line) {
        System.out.println("[" + FLAVOUR + "] " + line);
    }
}
