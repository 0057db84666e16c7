package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.DeadPeerException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.PingConfig;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.keepalive.KeepAliveFixtures.Recorded;
import org.wsconnector.impl.keepalive.KeepAliveFixtures.RunningConnector;
import org.wsconnector.impl.keepalive.KeepAliveFixtures.StateRecorder;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.keepalive.KeepAliveFixtures.PATIENCE;
import static org.wsconnector.impl.keepalive.KeepAliveFixtures.assertPingTasks;
import static org.wsconnector.impl.keepalive.KeepAliveFixtures.client;
import static org.wsconnector.impl.keepalive.KeepAliveFixtures.configuration;
import static org.wsconnector.impl.keepalive.KeepAliveFixtures.livePeriodicTasks;

/**
 * The ping task lives exactly as long as its link: gone after the application's close, after the peer's close and
 * after a dead-peer abort (counted on the server's old connection and in the scheduler's queue), and it survives
 * failures of its own sends.
 */
class PingTaskLifecycleTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final Duration THREE_INTERVALS = INTERVAL.multipliedBy(3);

    private static Map<String, String> pinging(String name, URI uri) {
        return client(name, uri,
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
             RunningConnector running = new RunningConnector(pinging("closing", server.uri()), 2)) {
            DefaultManagedWebSocket closing = running.connection("closing");
            closing.awaitOpen(PATIENCE);
            String session = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();
            assertPingTasks(running.scheduler, 1, INTERVAL);

            closing.close().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(closing.state()).isEqualTo(CLOSED);
            int atClose = pings(server, session);
            assertNoFurtherPing(server, session);
            assertThat(pings(server, session)).isEqualTo(atClose);
            assertPingTasks(running.scheduler, 0, INTERVAL);
        }
    }

    @Test
    void afterTheServerClosesTheOldConnectionSeesNoFurtherPingAndOnlyTheNewLinkIsPinged() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             RunningConnector running = new RunningConnector(pinging("remote", server.uri()), 2)) {
            DefaultManagedWebSocket remote = running.connection("remote");
            remote.awaitOpen(PATIENCE);
            String old = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();

            assertThat(server.closeAllSessions(1000, "server says bye")).isEqualTo(1);

            String fresh = server.awaitConnection(c -> !c.sessionId().equals(old) && c.open() && c.pingsReceived() >= 2,
                    PATIENCE, "a new connection, pinged").sessionId();
            assertNoFurtherPing(server, old);
            assertThat(remote.state()).isEqualTo(OPEN);
            assertPingTasks(running.scheduler, 1, INTERVAL);
            assertThat(pings(server, fresh)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void afterADeadPeerAbortTheOldConnectionSeesNoFurtherPingAndOnlyOnePingTaskRuns() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay relay = FreezableRelay.start(server.port());
             RunningConnector running = new RunningConnector(
                     pinging("aborted", URI.create("ws://127.0.0.1:" + relay.port() + "/echo")), 2)) {
            DefaultManagedWebSocket aborted = running.connection("aborted");
            StateRecorder states = new StateRecorder();
            aborted.addListener(states);
            aborted.awaitOpen(PATIENCE);
            String old = server.awaitConnection(c -> c.pingsReceived() >= 2, PATIENCE, "two pings").sessionId();

            long frozenAt = System.nanoTime();
            relay.freeze();
            Recorded lost = states.awaitFirst(frozenAt, r -> r.is(OPEN, RECONNECTING), "dead peer");
            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            assertPingTasks(running.scheduler, 0, INTERVAL); // while frozen, no attempt gets through
            relay.unfreeze();

            states.awaitFirst(lost.nanos(), r -> r.event().current() == OPEN, "OPEN again");
            String fresh = server.awaitConnection(c -> !c.sessionId().equals(old) && c.open() && c.pingsReceived() >= 2,
                    PATIENCE, "a new connection, pinged").sessionId();
            // The abort really dropped the old TCP connection: once the thawed relay passes that on, the server
            // closes it, after at most the pings the frozen relay held back.
            server.awaitConnection(c -> c.sessionId().equals(old) && !c.open(), PATIENCE, "old connection closed");
            assertNoFurtherPing(server, old);
            assertPingTasks(running.scheduler, 1, INTERVAL);
            assertThat(pings(server, fresh)).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void thePingTaskSurvivesFailuresOfItsOwnSendsAndKeepsPinging() throws Exception {
        ScheduledThreadPoolExecutor scheduler = KeepAliveFixtures.scheduler(1, "scripted-scheduler");
        ScriptedTransport transport = new ScriptedTransport(2, true);
        DefaultManagedWebSocket connection = scripted("survivor", Duration.ofMillis(50), transport, scheduler);
        StateRecorder states = new StateRecorder();
        connection.addListener(states);
        try {
            connection.awaitOpen(PATIENCE);

            // Two sends throw; the scheduler would silently drop a task that let that escape. It keeps going:
            await().atMost(PATIENCE).until(() -> transport.links.get(0).pingCalls.get() >= 10);

            assertThat(connection.lastPingRoundTrip()).isPresent();
            assertThat(connection.state()).isEqualTo(OPEN);
            assertThat(states.all()).noneMatch(r -> r.event().current() == RECONNECTING);
            assertPingTasks(scheduler, 1, Duration.ofMillis(100));
        } finally {
            connection.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
            scheduler.shutdownNow();
            transport.close();
        }
    }

    @Test
    void aPingTaskWhoseEverySendFailsStillDeclaresThePeerDead() throws Exception {
        ScheduledThreadPoolExecutor scheduler = KeepAliveFixtures.scheduler(1, "scripted-scheduler");
        ScriptedTransport transport = new ScriptedTransport(Integer.MAX_VALUE, false);
        DefaultManagedWebSocket connection = scripted("unsendable", Duration.ofMillis(50), transport, scheduler);
        StateRecorder states = new StateRecorder();
        connection.addListener(states);
        try {
            connection.awaitOpen(PATIENCE);

            Recorded lost = states.awaitFirst(0, r -> r.is(OPEN, RECONNECTING), "dead peer");

            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            assertThat(transport.links.get(0).pingCalls.get()).isEqualTo(3);
        } finally {
            connection.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
            scheduler.shutdownNow();
            transport.close();
        }
    }

    @Test
    void noPingReachesALinkAfterItWasClosedOrAborted() throws Exception {
        // A multi-threaded scheduler, as an application server's managed one is: ticks and the close run in parallel.
        ScheduledThreadPoolExecutor scheduler = KeepAliveFixtures.scheduler(4, "scripted-scheduler");
        ScriptedTransport transport = new ScriptedTransport(0, true);
        DefaultManagedWebSocket connection = scripted("cycling", Duration.ofMillis(2), transport, scheduler);
        try {
            for (int cycle = 0; cycle < 100; cycle++) {
                connection.awaitOpen(PATIENCE);
                ScriptedTransport.ScriptedLink link = transport.links.get(transport.links.size() - 1);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(1)).until(() -> link.pingCalls.get() >= 2);
                connection.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(connection.state()).isEqualTo(ConnectionState.CLOSED);
            }
            // Give any stray tick of the last link time to run, then count.
            await().during(Duration.ofMillis(100)).atMost(PATIENCE).until(() -> livePeriodicTasks(scheduler) == 0);

            assertThat(transport.links).hasSize(100);
            assertThat(transport.pingsAfterClose()).as("pings sent to a closed link").isZero();
        } finally {
            scheduler.shutdownNow();
            transport.close();
        }
    }

    /**
     * A client pinging every {@code interval} — shorter than configuration allows (100ms), to drive many ticks
     * quickly against a scripted transport — so its config is built here rather than read.
     */
    private static DefaultManagedWebSocket scripted(String name, Duration interval, ScriptedTransport transport,
                                                    ScheduledThreadPoolExecutor scheduler) {
        ClientConfig read = configuration(client(name, URI.create("ws://127.0.0.1:9/unused"),
                "ping.interval", "1s", "ping.probes", "3", "reconnect.interval", "10s"))
                .clients().get(name);
        ClientConfig config = new ClientConfig(read.name(), read.uri(), read.connectionType(), read.protocols(),
                read.basicAuth(), read.headers(), read.connectionTimeout(), read.closeTimeout(), read.reconnect(),
                read.tls(), read.proxy(), Optional.of(new PingConfig(interval, 3)), read.tcpKeepAlive(),
                read.maxMessageSize(), read.writeTimeout(), read.delivery());
        // No listener here: the scheduler may stand in for the callback executor.
        return new DefaultManagedWebSocket(config, transport, scheduler, scheduler);
    }
}
