package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * {@link WebSocketConnector#close()}, what the application's shutdown does: every open session gets a close frame
 * with 1001 (going away), pending reconnects are cancelled, no I/O thread survives, and nothing opens afterwards.
 */
class ShutdownTest {
    private static final List<String> CLIENTS = List.of("ari", "billing", "events");

    @TempDir
    Path directory;

    @Test
    void closingTheConnectorSendsGoingAwayOnEverySessionAndEndsEveryIoThread() throws Exception {
        TestCertificates certificates = TestCertificates.generate(directory, "changeit".toCharArray());
        try (EchoServer plain = EchoServer.builder().start();
             EchoServer tls = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).start()) {
            Map<String, String> properties = new HashMap<>();
            CLIENTS.forEach(name -> properties.putAll(ConnectorUnderTest.properties(name, "uri", plain.uri())));
            properties.putAll(ConnectorUnderTest.properties("secure", "uri", tls.uri(),
                    "tls.ca-file", certificates.ca().pemFile()));
            ConnectorUnderTest connector = ConnectorUnderTest.withProperties(properties);
            try (connector) {
                connector.connector().startPersistentClients();
                for (String name : properties.keySet().stream().map(key -> key.split("\\.")[2]).distinct().toList()) {
                    connector.connection(name).awaitOpen(WAIT);
                }
                plain.awaitOpenSessions(CLIENTS.size(), WAIT);
                tls.awaitOpenSessions(1, WAIT);

                connector.connector().close();
            }

            await("every session closed").atMost(WAIT)
                    .until(() -> plain.openSessionCount() == 0 && tls.openSessionCount() == 0);
            List<ConnectionSnapshot> sessions = new java.util.ArrayList<>(plain.connections());
            sessions.addAll(tls.connections());
            assertThat(sessions).hasSize(CLIENTS.size() + 1).allSatisfy(session ->
                    assertThat(session.clientClosedWith(1001)).as("client close frame 1001: %s", session).isTrue());
            for (String name : CLIENTS) {
                assertThat(connector.events(name).states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED);
                connector.events(name).assertNoMoreEvents();
            }
            await("no " + ConnectorUnderTest.IO_THREAD_PREFIX + "* thread left").atMost(WAIT)
                    .until(() -> connector.liveIoThreads() == 0 && ioThreadsInTheJvm() == 0);
            assertThat(connector.ioThreads()).as("one thread per attempt and the shared I/O loop")
                    .hasSize(CLIENTS.size() + 2);

            WebSocketConnectorException refused = catchThrowableOfType(WebSocketConnectorException.class,
                    () -> connector.connection("ari").awaitOpen(WAIT));
            assertThat(refused).hasMessageContaining("[ari]").hasMessageContaining("shut down");
            assertThat(plain.connections()).hasSize(CLIENTS.size());
        }
    }

    @Test
    void closingTheConnectorCancelsAPendingReconnect() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", "ws://127.0.0.1:" + deadPort + "/",
                "reconnect.interval", "200ms", "reconnect.jitter", 0, "reconnect.multiplier", 1);
        try (connector) {
            connector.connection().open();
            connector.events().awaitEntered(RECONNECTING);
        }
        int attempts = connector.ioThreads().size();

        assertThat(connector.connection().state()).isEqualTo(CLOSED);
        // Three reconnect intervals without a single new attempt.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                .until(() -> connector.ioThreads().size() == attempts && connector.connection().state() == CLOSED);
        assertThat(connector.events().states()).endsWith(RECONNECTING, CLOSED);
    }

    private static long ioThreadsInTheJvm() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(ConnectorUnderTest.IO_THREAD_PREFIX)).count();
    }
}
