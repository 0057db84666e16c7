package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.OPEN;

/**
 * Threads do not grow with sessions: one session, then 200 pinging sessions against one echo server, and the
 * JVM's threads compared before and after. The ping tasks of all sessions share the connector's scheduler.
 *
 * <p>The echo server runs in this JVM; its threads (all named {@code testbed-...}) are the server's, whose worker
 * pool grows to its own bound under 200 handshakes, and are left out of every count here.
 */
class SessionThreadCountTest {
    private static final int SESSIONS = 200;
    private static final int ALLOWED_GROWTH = 4;
    private static final String TEST_BED_PREFIX = "testbed-";

    /** Thread names in the JVM, before (one session open) and after (all sessions open and pinged). */
    private record Measurement(List<String> before, List<String> after) {
        List<String> added() {
            List<String> added = new ArrayList<>(after);
            before.forEach(added::remove);
            return added;
        }

        /** Added threads grouped by name without digits, e.g. {@code tyrus-#-thread-#} → 10. */
        Map<String, Long> addedByKind() {
            return added().stream().collect(Collectors.groupingBy(name -> name.replaceAll("\\d+", "#"),
                    TreeMap::new, Collectors.counting()));
        }
    }

    private static Measurement openOneThenAll() throws Exception {
        Map<String, String> properties = new HashMap<>();
        try (EchoServer server = EchoServer.builder().start()) {
            for (int i = 0; i < SESSIONS; i++) {
                properties.putAll(ConnectorUnderTest.properties(String.format("s%03d", i), "uri", server.uri(),
                        "ping.interval", "1s", "connection-timeout", "20s"));
            }
            try (ConnectorUnderTest running = ConnectorUnderTest.withProperties(properties, 2)) {
                DefaultManagedWebSocket first = running.connection("s000");
                first.awaitOpen(Duration.ofSeconds(20));
                server.awaitConnection(c -> c.pingsReceived() >= 1, Duration.ofSeconds(20), "first session pinged");
                List<String> before = threadNames();

                running.connector().connections().forEach(c -> ((DefaultManagedWebSocket) c).open());
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        running.connector().connections().stream().allMatch(c -> c.state() == OPEN));
                // Every session pinged at least once: all ping tasks are running.
                await().atMost(Duration.ofSeconds(30)).until(() -> server.connections().stream()
                        .filter(ConnectionSnapshot::open).filter(c -> c.pingsReceived() >= 1).count() == SESSIONS);
                running.assertPingTasks(SESSIONS, Duration.ofSeconds(1));
                List<String> after = threadNames();
                Measurement measurement = new Measurement(before, after);
                System.out.printf("[keepalive] threads with 1 session: %d, with %d sessions: %d; added by kind: %s; "
                        + "scheduler threads: %d%n", before.size(), SESSIONS, after.size(),
                        measurement.addedByKind(), running.schedulerThreads());
                assertThat(running.schedulerThreads()).as("scheduler threads").isLessThanOrEqualTo(2);
                return measurement;
            }
        }
    }

    private static List<String> threadNames() {
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        return threads.stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.startsWith(TEST_BED_PREFIX)).sorted().toList();
    }

    // Before the fix in TyrusTransport (idle timeout -1) this found ~600 added "tyrus-#-thread-#" threads: Tyrus
    // scheduled an idle-timeout task per frame, growing a 10-thread pool per client once pings flowed. Connections
    // are read by one shared I/O thread and connect attempts end their threads, so nothing grows with sessions.
    @Test
    void twoHundredPingingSessionsAddAtMostAFewThreadsInTotal() throws Exception {
        Measurement measurement = openOneThenAll();

        assertThat(measurement.after().size() - measurement.before().size())
                .as("threads added in total: %s", measurement.addedByKind())
                .isLessThanOrEqualTo(ALLOWED_GROWTH);
    }
}
