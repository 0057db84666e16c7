package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.testbed.AcceptedConnection;
import org.wsconnector.testbed.MisbehavingProxy;
import org.wsconnector.testbed.TestCertificates;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * {@code connection-timeout} bounds the whole attempt against a peer that never completes a step (TCP connect, TLS
 * handshake, upgrade reply; a silent proxy is in BrokenProxyTest): the engine's timer is its only owner, so the attempt
 * fails with one {@link ConnectTimeoutException} naming the step it was in, soon after the deadline. The transport's
 * blocking steps have no timeout of their own: the abort must unblock each of them, so the attempt's thread ends.
 * An abandoned attempt leaves nothing behind: the server sees the client close every socket, and no I/O thread,
 * Tyrus thread or file descriptor outlives the attempts.
 */
class ConnectDeadlineTest {
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    static final TestCertificates certificates = SharedCertificates.get();

    @Test
    void aTcpConnectThatNeverCompletesFailsTheAttemptAtTheDeadlineNamingTheTcpConnect() throws Exception {
        try (FullAcceptQueue unanswered = new FullAcceptQueue();
             ConnectorUnderTest connector = ConnectorUnderTest.client("slow", "uri", "ws://127.0.0.1:"
                     + unanswered.port() + "/ws", "connection-timeout", "1s", "reconnect.attempts", 1)) {
            assertTimesOutAtTheDeadline(connector, "TCP connect to 127.0.0.1:" + unanswered.port());
        }
    }

    @Test
    void aWsServerThatNeverAnswersTheUpgradeFailsTheAttemptAtTheDeadline() {
        try (MisbehavingProxy silent = MisbehavingProxy.start(MisbehavingProxy.Mode.silent());
             ConnectorUnderTest connector = ConnectorUnderTest.client("slow", "uri", "ws://127.0.0.1:" + silent.port()
                     + "/ws", "connection-timeout", "1s", "reconnect.attempts", 1)) {
            assertTimesOutAtTheDeadline(connector, "WebSocket upgrade with 127.0.0.1:" + silent.port());

            silent.awaitAllClosed(WAIT);
            assertThat(silent.connections()).singleElement().satisfies(c -> assertThat(c.closedByClient()).isTrue());
        }
    }

    @Test
    void aWssServerThatNeverAnswersTheTlsHandshakeFailsTheAttemptAtTheDeadline() {
        try (MisbehavingProxy silent = MisbehavingProxy.start(MisbehavingProxy.Mode.silent());
             ConnectorUnderTest connector = ConnectorUnderTest.client("slow", "uri", "wss://127.0.0.1:"
                     + silent.port() + "/ws", "tls.ca-file", certificates.ca().pemFile(),
                     "connection-timeout", "1s", "reconnect.attempts", 1)) {
            assertTimesOutAtTheDeadline(connector, "TLS handshake with 127.0.0.1:" + silent.port());

            silent.awaitAllClosed(WAIT);
            assertThat(silent.connections()).singleElement().satisfies(c -> assertThat(c.closedByClient()).isTrue());
        }
    }

    @Test
    void twentyTimedOutAttemptsLeaveNoSocketThreadOrFileDescriptorBehind() {
        int clients = 5;
        int attemptsEach = 4; // 20 attempts; 5 at a time keeps the silent server under its 16-connection limit
        try (MisbehavingProxy silent = MisbehavingProxy.start(MisbehavingProxy.Mode.silent())) {
            long threadsBefore = connectorAndTyrusThreads();
            ConnectorResources before = ConnectorResources.now();
            Map<String, String> properties = new HashMap<>();
            for (int i = 0; i < clients; i++) {
                String scheme = i % 2 == 0 ? "ws" : "wss"; // both paths: upgrade read and TLS handshake
                properties.putAll(ConnectorUnderTest.properties("slow-" + i,
                        "uri", scheme + "://127.0.0.1:" + silent.port() + "/ws",
                        "connection-type", "on-demand", "connection-timeout", "1s", "reconnect.attempts", attemptsEach,
                        "reconnect.interval", "10ms", "reconnect.multiplier", 1, "reconnect.jitter", 0));
                if (scheme.equals("wss")) {
                    properties.putAll(ConnectorUnderTest.properties("slow-" + i,
                            "tls.ca-file", certificates.ca().pemFile()));
                }
            }
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(properties)) {
                properties.keySet().stream().map(key -> key.split("\\.")[2]).distinct()
                        .forEach(name -> connector.connection(name).open());

                for (int i = 0; i < clients; i++) {
                    RecordingListener events = connector.events("slow-" + i);
                    ConnectionStateChanged failed = events.awaitEntered(ConnectionState.FAILED);
                    assertThat(failed.attempt()).isEqualTo(attemptsEach);
                    String timedOut = "[slow-" + i + "] " + (i % 2 == 0 ? "WebSocket upgrade" : "TLS handshake")
                            + " with 127.0.0.1:" + silent.port() + " did not complete within 1s (connection-timeout)";
                    assertThat(failed.cause()).containsInstanceOf(ConnectTimeoutException.class);
                    assertThat(events.eventsInto(ConnectionState.RECONNECTING)).hasSize(attemptsEach - 1)
                            .allSatisfy(retry -> assertThat(retry.cause().orElseThrow())
                                    .isInstanceOf(ConnectTimeoutException.class).hasMessage(timedOut));
                }

                silent.awaitAccepted(clients * attemptsEach, WAIT);
                silent.awaitAllClosed(WAIT);
                List<AcceptedConnection> seen = silent.connections();
                assertThat(seen).hasSize(clients * attemptsEach)
                        .allSatisfy(c -> assertThat(c.closedByClient()).as("closed by the client").isTrue());

                // Checked before the connector closes: giving up must release everything by itself.
                await("every I/O thread of the connector ends").atMost(WAIT)
                        .until(connector::liveIoThreads, count -> count == 0);
                assertThat(connector.ioThreads()).hasSize(clients * attemptsEach);
                await("no ws-connector-io-* or tyrus-* thread beyond the " + threadsBefore + " before").atMost(WAIT)
                        .until(ConnectDeadlineTest::connectorAndTyrusThreads, count -> count <= threadsBefore);
                ConnectorResources.awaitFileDescriptorsBackTo(before, 4);
            }
        }
    }

    @Test
    void closingDuringAHangingTlsHandshakeReturnsAtOnceAndClosesTheSocket() throws Exception {
        try (MisbehavingProxy silent = MisbehavingProxy.start(MisbehavingProxy.Mode.silent());
             ConnectorUnderTest connector = ConnectorUnderTest.client("slow", "uri", "wss://127.0.0.1:"
                     + silent.port() + "/ws", "tls.ca-file", certificates.ca().pemFile(),
                     "connection-timeout", "20s")) {
            connector.connection().open();
            silent.awaitAccepted(1, WAIT);

            long started = System.nanoTime();
            connector.connection().close().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("close() during a hanging TLS handshake returned after %d ms%n", took.toMillis());

            assertThat(took).as("close() must not wait for the 20 s connection-timeout").isLessThan(Duration.ofSeconds(2));
            assertThat(connector.connection().state()).isEqualTo(ConnectionState.CLOSED);
            silent.awaitAllClosed(Duration.ofSeconds(2));
            assertThat(silent.connections()).singleElement().satisfies(c -> assertThat(c.closedByClient()).isTrue());
        }
    }

    /**
     * One message, the engine's, naming {@code stage}; no cause, since no transport step failed on its own. The
     * attempt's thread ending shows that the abort unblocked the step: nothing else would end it.
     */
    static void assertTimesOutAtTheDeadline(ConnectorUnderTest connector, String stage) {
        long started = System.nanoTime();
        ConnectTimeoutException failure = catchThrowableOfType(ConnectTimeoutException.class,
                () -> connector.connection().awaitOpen(WAIT));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("connect timeout (connection-timeout=%d ms) detected after %d ms: %s%n",
                CONNECTION_TIMEOUT.toMillis(), took.toMillis(), failure == null ? null : failure.getMessage());

        assertThat(failure).as("awaitOpen throws ConnectTimeoutException").isNotNull();
        assertThat(failure.getMessage())
                .isEqualTo("[slow] " + stage + " did not complete within 1s (connection-timeout)");
        assertThat(failure.getCause()).isNull();
        // Not before the deadline; that it fires exactly then is TimeoutTimingTest's, on virtual time. The message
        // says the attempt's own deadline ended it, not awaitOpen's longer wait.
        assertThat(took).isGreaterThanOrEqualTo(CONNECTION_TIMEOUT.minusMillis(50));
        assertThat(connector.events().awaitEntered(ConnectionState.FAILED).cause()).containsSame(failure);
        await("the abort unblocks the attempt's thread").atMost(WAIT).until(connector::liveIoThreads,
                count -> count == 0);
    }

    private static long connectorAndTyrusThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith(ConnectorUnderTest.IO_THREAD_PREFIX) || name.startsWith("tyrus-"))
                .count();
    }
}
