package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.DeadPeerException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.PingConfig;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.RecordingListener.Recorded;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.EngineClock;
import org.wsconnector.impl.engine.ScriptedTransport;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * The ping task lives exactly as long as its link: gone after the application's close, after the peer's close and
 * after a dead-peer abort (counted on the server's old connection and in the scheduler's queue), and it survives
 * failures of its own sends.
 */
class PingTaskLifecycleTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final Duration THREE_INTERVALS = INTERVAL.multipliedBy(3);
    private static final String UNUSED = "ws://127.0.0.1:9/unused";

    private static Map<String, String> pinging(String name, Object uri) {
        return ConnectorUnderTest.properties(name, "uri", uri,
                "ping.interval", INTERVAL.toMillis() + "ms",
                "ping.probes", "3",
                "connection-timeout", "1s",
                "reconnect.interval", "200ms",
                "reconnect.max-interval", "500ms");
    }

    private static int pings(EchoServer server, String sessionId) {
        return server.connections().stream().filter(c -> c.sessionId().equals(sessionId))
                .mapToInt(ConnectionSnapshot::pingsReceived).findFirst().orElseThrow();
    }

    /** Waits until the server's count of pings on that connection stays put for three ping intervals. */
    private static void assertNoFurtherPing(EchoServer server, String sessionId) {
        int[] last = {pings(server, sessionId)};
        await().alias("no further ping on server connection " + sessionId)
                .during(THREE_INTERVALS).atMost(PATIENCE)
                .until(() -> {
                    int now = pings(server, sessionId);
                    boolean same = now == last[0];
                    last[0] = now;
                    return same;
                });
    }

    @Test
    void afterTheApplicationClosesTheServerSeesNoFurtherPing() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(pinging("closing", server.uri()), 2)) {
            DefaultManagedWebSocket closing = running.connection("closing");
            closing.awaitOpen(PATIENCE);
            String session = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();
            running.assertPingTasks(1, INTERVAL);

            closing.close().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(closing.state()).isEqualTo(CLOSED);
            int atClose = pings(server, session);
            assertNoFurtherPing(server, session);
            assertThat(pings(server, session)).isEqualTo(atClose);
            running.assertPingTasks(0, INTERVAL);
        }
    }

    @Test
    void afterTheServerClosesTheOldConnectionSeesNoFurtherPingAndOnlyTheNewLinkIsPinged() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(pinging("remote", server.uri()), 2)) {
            DefaultManagedWebSocket remote = running.connection("remote");
            remote.awaitOpen(PATIENCE);
            String old = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();

            assertThat(server.closeAllSessions(1000, "server says bye")).isEqualTo(1);

            String fresh = server.awaitConnection(c -> !c.sessionId().equals(old) && c.open() && c.pingsReceived() >= 2,
                    PATIENCE, "a new connection, pinged").sessionId();
            assertNoFurtherPing(server, old);
            assertThat(remote.state()).isEqualTo(OPEN);
            running.assertPingTasks(1, INTERVAL);
            assertThat(pings(server, fresh)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void afterADeadPeerAbortTheOldConnectionSeesNoFurtherPingAndOnlyOnePingTaskRuns() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay relay = FreezableRelay.start(server.port());
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(
                     pinging("aborted", "ws://127.0.0.1:" + relay.port() + "/echo"), 2)) {
            DefaultManagedWebSocket aborted = running.connection("aborted");
            RecordingListener states = running.events();
            aborted.awaitOpen(PATIENCE);
            String old = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();

            long frozenAt = System.nanoTime();
            relay.freeze();
            Recorded lost = states.awaitFirst(frozenAt, r -> r.is(OPEN, RECONNECTING), "dead peer");
            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            running.assertPingTasks(0, INTERVAL); // while frozen, no attempt gets through
            relay.unfreeze();

            states.awaitFirst(lost.nanos(), r -> r.event().current() == OPEN, "OPEN again");
            String fresh = server.awaitConnection(c -> !c.sessionId().equals(old) && c.open() && c.pingsReceived() >= 2,
                    PATIENCE, "a new connection, pinged").sessionId();
            // The abort really dropped the old TCP connection: once the thawed relay passes that on, the server
            // closes it, after at most the pings the frozen relay held back.
            server.awaitConnection(c -> c.sessionId().equals(old) && !c.open(), PATIENCE, "old connection closed");
            assertNoFurtherPing(server, old);
            running.assertPingTasks(1, INTERVAL);
            assertThat(pings(server, fresh)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void thePingTaskSurvivesFailuresOfItsOwnSendsAndKeepsPinging() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "survivor", "uri", UNUSED,
                "ping.interval", "1s", "ping.probes", 3)) {
            connector.transport().failingSendsPerLink(2);
            connector.connection().open();
            connector.virtualScheduler().advance(Duration.ofSeconds(10));

            // Two sends threw; the scheduler would silently drop a task that let that escape. It kept going:
            assertThat(connector.transport().lastLink().pingCalls()).isEqualTo(10);
            assertThat(connector.connection().lastPingRoundTrip()).isPresent();
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN);
            assertThat(connector.pingTasks()).isEqualTo(1);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void aPingTaskWhoseEverySendFailsStillDeclaresThePeerDead() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "unsendable", "uri", UNUSED,
                "ping.interval", "1s", "ping.probes", 3, "reconnect.interval", "10s")) {
            connector.transport().failingSendsPerLink(Integer.MAX_VALUE).answeringPings(false);
            connector.connection().open();
            connector.virtualScheduler().advance(Duration.ofSeconds(4));

            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, RECONNECTING);
            assertThat(connector.events().eventsInto(RECONNECTING).get(0).cause()).get()
                    .isInstanceOf(DeadPeerException.class);
            assertThat(connector.transport().links().get(0).pingCalls()).isEqualTo(3);
            assertThat(connector.transport().links().get(0).aborted()).isTrue();
            connector.events().assertNoMoreEvents();
        }
    }

    /**
     * A multi-threaded scheduler, as an application server's managed one is: ticks and the close run in parallel.
     * Real threads on purpose, so the pings are 2 ms apart: the configuration is built directly, as no reader
     * accepts an interval that short.
     */
    @Test
    void noPingReachesALinkAfterItWasClosedOrAborted() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(4,
                ConnectorUnderTest.threads("scripted-scheduler-"));
        scheduler.setRemoveOnCancelPolicy(true);
        ScriptedTransport transport = ScriptedTransport.onOwnThread();
        ClientConfig read = ConnectorUnderTest.configuration(ConnectorUnderTest.properties("cycling", "uri", UNUSED,
                "ping.interval", "1s", "reconnect.interval", "10s")).clients().get("cycling");
        // No listener here: the scheduler may stand in for the callback executor.
        ClientConfig config = withPing(read, new PingConfig(Duration.ofMillis(2), 3));
        DefaultManagedWebSocket connection = new DefaultManagedWebSocket(config, transport, scheduler, scheduler,
                EngineClock.SYSTEM, () -> 0.5);
        try {
            for (int cycle = 0; cycle < 100; cycle++) {
                connection.awaitOpen(PATIENCE);
                ScriptedTransport.ScriptedLink link = transport.lastLink();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> link.pingCalls() >= 2);
                connection.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(connection.state()).isEqualTo(ConnectionState.CLOSED);
            }
            await("no ping task left").atMost(PATIENCE).until(() -> scheduler.getQueue().stream()
                    .noneMatch(task -> task instanceof RunnableScheduledFuture<?> f && f.isPeriodic()));

            assertThat(transport.links()).hasSize(100);
            assertThat(transport.pingsAfterClose()).as("pings sent to a closed link").isZero();
        } finally {
            scheduler.shutdownNow();
            transport.close();
        }
    }

    private static ClientConfig withPing(ClientConfig c, PingConfig ping) {
        return new ClientConfig(c.name(), c.uri(), c.connectionType(), c.protocols(), c.basicAuth(), c.headers(),
                c.connectionTimeout(), c.closeTimeout(), c.reconnect(), c.tls(), c.proxy(), Optional.of(ping),
                c.tcpKeepAlive(), c.maxMessageSize(), c.writeTimeout(), c.delivery(), c.sendBuffer());
    }
}
