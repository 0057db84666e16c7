package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.FAILED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * The reconnect policy against a real server that goes away and comes back on the same port: a lost connection
 * is retried with exponential backoff inside the configured bounds until it opens again; an on-demand client gives
 * up after its attempts; a close the application asked for is final.
 */
class ReconnectTest {
    private static final long INTERVAL_MS = 200;
    private static final double MULTIPLIER = 2.0;
    private static final double JITTER = 0.2;
    private static final long MAX_INTERVAL_MS = 1000;
    /** A scheduled task never runs early; this only absorbs the wall clock's granularity in the events' instants. */
    private static final long EARLY_TOLERANCE_MS = 20;

    @Test
    void aLostConnectionIsRetriedWithBoundedExponentialBackoffUntilTheServerIsBack() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "reconnect.interval", INTERVAL_MS + "ms", "reconnect.multiplier", MULTIPLIER,
                     "reconnect.jitter", JITTER, "reconnect.max-interval", MAX_INTERVAL_MS + "ms")) {
            DefaultManagedWebSocket client = connector.connection();
            RecordingListener events = connector.events();
            client.awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT);

            server.stop();
            // The loss and four refused attempts: delays 200, 400, 800 and 1000 (capped) ms, then one more capped.
            events.awaitEntered(RECONNECTING, 5);
            server.start();
            events.awaitEntered(OPEN, 2);

            List<ConnectionStateChanged> history = events.events();
            List<ConnectionState> states = events.states();
            assertThat(states.subList(0, 2)).containsExactly(CONNECTING, OPEN);
            assertThat(states.get(states.size() - 1)).isEqualTo(OPEN);
            assertThat(states.subList(2, states.size() - 1)).hasSizeGreaterThanOrEqualTo(5).containsOnly(RECONNECTING);

            ConnectionStateChanged lost = history.get(2);
            assertThat(lost.previous()).isEqualTo(OPEN);
            assertThat(lost.cause()).get().isExactlyInstanceOf(ConnectionLostException.class);
            assertThat(lost.cause().get().getMessage()).contains("[ari]").contains("1006");
            history.subList(3, history.size() - 1).forEach(refused ->
                    assertThat(refused.cause()).get().isInstanceOf(ConnectFailedException.class));

            for (int retry = 1; retry < history.size() - 2; retry++) {
                ConnectionStateChanged scheduled = history.get(retry + 1);
                ConnectionStateChanged next = history.get(retry + 2);
                long base = (long) Math.min(MAX_INTERVAL_MS, INTERVAL_MS * Math.pow(MULTIPLIER, retry - 1));
                long lowest = (long) Math.floor(base * (1 - JITTER));
                long highest = (long) Math.ceil(base * (1 + JITTER));
                long announced = scheduled.nextRetry().orElseThrow().toMillis();
                long measured = Duration.between(scheduled.at(), next.at()).toMillis();
                System.out.printf("retry %d: base %d ms, announced %d ms, measured %d ms%n", retry, base, announced,
                        measured);
                assertThat(announced).as("announced delay of retry %d", retry).isBetween(lowest, highest);
                // A retry never starts early; how late a busy machine makes it is not asserted here: that each retry
                // starts exactly when its delay ends is ReconnectTimingTest's, on virtual time.
                assertThat(measured).as("measured delay of retry %d", retry)
                        .isGreaterThanOrEqualTo(announced - EARLY_TOLERANCE_MS);
            }

            assertThat(server.connections()).hasSize(2);
            client.sendText("after the reconnect").toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            events.awaitTexts(1);
            assertThat(events.texts()).containsExactly("after the reconnect");
            events.assertNoMoreEvents();
        }
    }

    @Test
    void aCloseFrameFromTheServerIsALossThatReconnects() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "reconnect.interval", "50ms")) {
            connector.connection().awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT);

            assertThat(server.closeAllSessions(4001, "maintenance")).isEqualTo(1);

            connector.events().awaitEntered(OPEN, 2);
            ConnectionStateChanged lost = connector.events().eventsInto(RECONNECTING).get(0);
            assertThat(lost.cause()).get().isExactlyInstanceOf(ConnectionLostException.class);
            assertThat(lost.cause().get().getMessage()).contains("4001").contains("maintenance");
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, RECONNECTING, OPEN);
            server.awaitOpenSessions(1, WAIT);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void anOnDemandClientGivesUpAfterItsAttemptsAndAwaitOpenThrowsTheCause() throws Exception {
        int deadPort = freePort();
        try (ConnectorUnderTest connector = ConnectorUnderTest.client("billing",
                "uri", "ws://127.0.0.1:" + deadPort + "/events", "connection-type", "on-demand",
                "reconnect.attempts", 2, "reconnect.interval", "50ms")) {
            DefaultManagedWebSocket client = connector.connection();
            assertThat(client.state()).as("on-demand: nothing happens before first use").isEqualTo(CLOSED);

            ConnectFailedException failure = catchThrowableOfType(ConnectFailedException.class,
                    () -> client.awaitOpen(WAIT));

            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains("[billing]").contains("127.0.0.1:" + deadPort);
            ConnectionStateChanged failed = connector.events().awaitEntered(FAILED);
            assertThat(failed.cause()).containsSame(failure);
            assertThat(failed.attempt()).isEqualTo(2);
            assertThat(connector.events().states()).containsExactly(CONNECTING, RECONNECTING, FAILED);
            // One short-lived thread per attempt (no connection opened, so no I/O loop thread): exactly two attempts
            // were made, and no third follows.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> connector.ioThreads().size() == 2 && client.state() == FAILED);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void anApplicationCloseIsFinalAndNeverReconnects() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "reconnect.interval", INTERVAL_MS + "ms", "reconnect.jitter", 0)) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);

            client.close().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            server.awaitClientClose(1000, WAIT);
            assertThat(client.state()).isEqualTo(CLOSED);
            // Five reconnect intervals of quiet: no new connection reaches the server, the state stays CLOSED.
            await().during(Duration.ofMillis(5 * INTERVAL_MS)).atMost(Duration.ofSeconds(3))
                    .until(() -> server.connections().size() == 1 && client.state() == CLOSED);
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED);
            connector.events().assertNoMoreEvents();
            assertThat(connector.ioThreads()).as("one attempt thread and the shared I/O loop").hasSize(2);
            connector.connector().close(); // the I/O loop lives as long as the connector
            await("the threads end").atMost(WAIT).until(connector::liveIoThreads, count -> count == 0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
