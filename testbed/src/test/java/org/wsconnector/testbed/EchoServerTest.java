package org.wsconnector.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path directory;

    static TestCertificates certificates;

    @BeforeAll
    static void generateCertificates() {
        certificates = TestCertificates.generate(directory, "secret".toCharArray());
    }

    @Test
    void echoesTextAndBinaryAndRecordsTheUpgradeHeaders() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(HttpClient.newHttpClient(), server.uri(),
                    Map.of("Authorization", "Bearer token-1"));

            client.webSocket.sendText("hello", true).join();
            assertThat(client.next()).isEqualTo("hello");
            client.webSocket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
            assertThat((byte[]) client.next()).containsExactly(1, 2, 3);

            ConnectionSnapshot connection = server.awaitConnection(c -> c.binaryMessages().size() == 1, WAIT, "one binary");
            assertThat(connection.textMessages()).containsExactly("hello");
            assertThat(connection.header("authorization")).contains("Bearer token-1");
            assertThat(connection.hasHeader("Proxy-Authorization")).isFalse();
            assertThat(connection.requestUri().getPath()).isEqualTo("/echo");
            assertThat(server.openSessionCount()).isEqualTo(1);
        }
    }

    @Test
    void servesWssToAClientTrustingTheCa() throws Exception {
        try (EchoServer server = EchoServer.builder()
                .tls(certificates.server(SanVariant.BOTH), certificates).start()) {
            assertThat(server.uri().getScheme()).isEqualTo("wss");
            JdkWebSocketClient client = JdkWebSocketClient.connect(SslContexts.trustingCa(certificates), server.uri());
            client.webSocket.sendText("over tls", true).join();
            assertThat(client.next()).isEqualTo("over tls");
        }
    }

    @Test
    void aClientTrustingTheCaRejectsTheSelfSignedServer() {
        try (EchoServer server = EchoServer.builder()
                .tls(certificates.selfSignedServer(), certificates).start()) {
            assertThatThrownBy(() -> JdkWebSocketClient.connect(SslContexts.trustingCa(certificates), server.uri()))
                    .isInstanceOf(CompletionException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }
    }

    @Test
    void aServerRestrictedToTls12RefusesATls13OnlyClient() throws Exception {
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                .tlsProtocol("TLSv1.2").start()) {
            assertThat(handshake(server, "TLSv1.2", SslContexts.trustingCa(certificates))).isEqualTo("TLSv1.2");
            assertThat(handshake(server, "TLSv1.2,TLSv1.3", SslContexts.trustingCa(certificates))).isEqualTo("TLSv1.2");
            assertThatThrownBy(() -> handshake(server, "TLSv1.3", SslContexts.trustingCa(certificates)))
                    .isInstanceOf(SSLException.class);
        }
    }

    @Test
    void aServerRestrictedToTls13RefusesATls12OnlyClient() throws Exception {
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                .tlsProtocol("TLSv1.3").start()) {
            assertThat(handshake(server, "TLSv1.2,TLSv1.3", SslContexts.trustingCa(certificates))).isEqualTo("TLSv1.3");
            assertThatThrownBy(() -> handshake(server, "TLSv1.2", SslContexts.trustingCa(certificates)))
                    .isInstanceOf(SSLException.class);
        }
    }

    @Test
    void mutualTlsAdmitsOnlyAClientWithACertificateFromTheCa() throws Exception {
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                .requireClientCertificate(certificates.caTrustStore()).start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(SslContexts.mutual(certificates), server.uri());
            client.webSocket.sendText("mutual", true).join();
            assertThat(client.next()).isEqualTo("mutual");

            assertThatThrownBy(() -> JdkWebSocketClient.connect(SslContexts.trustingCa(certificates), server.uri()))
                    .isInstanceOf(CompletionException.class);
        }
    }

    @Test
    void answersTheFirstSubprotocolTheClientOfferedThatItSupports() throws Exception {
        try (EchoServer server = EchoServer.builder().subprotocols("v1", "v2").start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(HttpClient.newHttpClient(), server.uri(), Map.of(),
                    "v3", "v2", "v1");
            assertThat(client.webSocket.getSubprotocol()).isEqualTo("v2");
            assertThat(server.awaitConnections(1, WAIT).get(0).subprotocol()).isEqualTo("v2");
        }
    }

    @Test
    void canAnswerASubprotocolTheClientNeverOffered() {
        try (EchoServer server = EchoServer.builder().subprotocols("v1").replyWithUnofferedSubprotocol("evil").start()) {
            assertThatThrownBy(() -> JdkWebSocketClient.connect(HttpClient.newHttpClient(), server.uri(), Map.of(), "v1"))
                    .isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("Unexpected subprotocol: evil");
            assertThatThrownBy(() -> JdkWebSocketClient.connect(server.uri()))
                    .isInstanceOf(CompletionException.class)
                    .rootCause().hasMessageContaining("Unexpected subprotocol: evil");
        }
    }

    @Test
    void countsPingsAndRecordsTheCloseCodeTheClientSent() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(server.uri());
            client.webSocket.sendPing(ByteBuffer.wrap("p1".getBytes(StandardCharsets.UTF_8))).join();
            client.webSocket.sendPing(ByteBuffer.wrap("p2".getBytes(StandardCharsets.UTF_8))).join();
            assertThat(client.next()).isEqualTo("pong");
            assertThat(client.next()).isEqualTo("pong");
            server.awaitConnection(c -> c.pingsReceived() == 2, WAIT, "two pings");

            client.webSocket.sendClose(1001, "shutting down").join();
            ConnectionSnapshot closed = server.awaitClientClose(1001, WAIT);
            assertThat(closed.closeReason()).hasValueSatisfying(reason ->
                    assertThat(reason.getReasonPhrase()).isEqualTo("shutting down"));
            server.awaitOpenSessions(0, WAIT);
        }
    }

    @Test
    void aDroppedConnectionIsNotMistakenForAClientClose() {
        try (EchoServer server = EchoServer.builder().start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(server.uri());
            server.awaitOpenSessions(1, WAIT);
            client.webSocket.abort();
            ConnectionSnapshot closed = server.awaitConnection(c -> !c.open(), WAIT, "a closed connection");
            assertThat(closed.closeFrameFromClient()).isFalse();
            assertThat(closed.clientClosedWith(1001)).isFalse();
        }
    }

    @Test
    void pushesToEveryClientAndClosesThemAllWithAGivenCode() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            JdkWebSocketClient first = JdkWebSocketClient.connect(server.uri());
            JdkWebSocketClient second = JdkWebSocketClient.connect(server.uri());
            server.awaitOpenSessions(2, WAIT);

            assertThat(server.pushText("news")).isEqualTo(2);
            assertThat(first.next()).isEqualTo("news");
            assertThat(second.next()).isEqualTo("news");
            assertThat(server.pushBinary(new byte[] {7})).isEqualTo(2);
            assertThat((byte[]) first.next()).containsExactly(7);

            assertThat(server.closeAllSessions(4000, "bye")).isEqualTo(2);
            assertThat(first.closedByServer.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
            assertThat(second.closedByServer.get(5, TimeUnit.SECONDS)).isEqualTo(4000);
            server.awaitOpenSessions(0, WAIT);
            // Exactly the two sessions the clients hold: the JDK client may repeat an opening handshake on a new TCP
            // connection (CI once recorded the same Sec-WebSocket-Key twice), leaving the server an extra session
            // that the client abandoned before closeAllSessions ran.
            assertThat(server.connections()).filteredOn(c -> c.closeReason()
                            .filter(reason -> reason.getCloseCode().getCode() == 4000).isPresent())
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.closeInitiatedByServer()).isTrue());
        }
    }

    @Test
    void restartsOnTheSamePortAndKeepsItsRecords() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            int port = server.port();
            JdkWebSocketClient before = JdkWebSocketClient.connect(server.uri());
            server.awaitOpenSessions(1, WAIT);

            server.stop();
            assertThat(server.isRunning()).isFalse();
            // Tyrus may still be finishing the session's bookkeeping on a worker thread while it shuts down.
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> server.openSessionCount() == 0);
            // No close frame: the client sees what a crashed server looks like.
            assertThat(before.closedByServer.get(5, TimeUnit.SECONDS)).isEqualTo(1006);
            assertThatThrownBy(() -> JdkWebSocketClient.connect(server.uri())).isInstanceOf(CompletionException.class);

            server.start();
            assertThat(server.port()).isEqualTo(port);
            JdkWebSocketClient after = JdkWebSocketClient.connect(server.uri());
            after.webSocket.sendText("again", true).join();
            assertThat(after.next()).isEqualTo("again");
            assertThat(server.connections()).hasSize(2);
        }
    }

    @Test
    void runsGrizzlyAndTyrusOnlyOnNamedDaemonThreads() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).start()) {
            JdkWebSocketClient client = JdkWebSocketClient.connect(SslContexts.trustingCa(certificates), server.uri());
            client.webSocket.sendText("x", true).join();
            client.next();
            // Judged by the code a thread runs, not by its name: JDK-internal threads come and go meanwhile. The
            // test's own client code is not server code: the JDK client's worker runs it when it delivers the echo.
            Set<Thread> serverThreads = Thread.getAllStackTraces().entrySet().stream()
                    .filter(entry -> !before.contains(entry.getKey()))
                    .filter(entry -> Arrays.stream(entry.getValue()).anyMatch(frame ->
                            frame.getClassName().startsWith("org.glassfish.")
                                    || frame.getClassName().startsWith("org.wsconnector.")
                                    && !frame.getClassName().startsWith(JdkWebSocketClient.class.getName())))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
            assertThat(serverThreads).isNotEmpty().allSatisfy(thread -> {
                assertThat(thread.getName()).startsWith("testbed-echo-");
                assertThat(thread.isDaemon()).isTrue();
            });
        }
    }

    private static String handshake(EchoServer server, String protocols, SSLContext context) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(protocols.split(","));
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

}
