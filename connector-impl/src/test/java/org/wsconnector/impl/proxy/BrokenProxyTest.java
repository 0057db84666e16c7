package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ProxyException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.AcceptedConnection;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.MisbehavingProxy;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;
import static org.wsconnector.impl.proxy.SquidRefusalTest.failOnce;

/**
 * Proxies that fail in ways no healthy proxy does, and two ways a proxy can legitimately answer: every failure is a
 * specific exception naming the proxy, inside connection-timeout, and the client closes its socket; an HTTP/1.0
 * {@code 200 Connection established} opens the tunnel like an HTTP/1.1 one.
 */
class BrokenProxyTest {
    static EchoServer server;

    @BeforeAll
    static void start() {
        server = EchoServer.builder().start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> misbehaviours() {
        return Stream.of(
                Arguments.of("502 Bad Gateway", MisbehavingProxy.Mode.status(502, "Bad Gateway", "HTTP/1.1"),
                        "could not reach 127.0.0.1:"),
                Arguments.of("503 Service Unavailable",
                        MisbehavingProxy.Mode.status(503, "Service Unavailable", "HTTP/1.1"), "is unavailable"),
                Arguments.of("garbage", MisbehavingProxy.Mode.garbage(), "sent an invalid reply to CONNECT"),
                Arguments.of("truncated status line", MisbehavingProxy.Mode.truncatedStatusLine(),
                        "connection closed in the middle of the reply head"),
                Arguments.of("truncated headers", MisbehavingProxy.Mode.truncatedHeaders(),
                        "connection closed in the middle of the reply head"),
                Arguments.of("oversized header block", MisbehavingProxy.Mode.oversizedHeaders(),
                        "reply head larger than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misbehaviours")
    void aBrokenProxyReplyFailsWithAProxyExceptionNamingTheProxyAndTheClientClosesItsSocket(
            String description, MisbehavingProxy.Mode mode, String reason) {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(mode)) {
            String address = "127.0.0.1:" + proxy.port();
            ProxyException failure = failOnce(proxiedKeys(server.uri().toString(), address),
                    ProxyException.class);

            assertThat(failure.proxy()).isEqualTo(address);
            assertThat(failure.getMessage()).contains("proxy " + address).contains(reason);
            proxy.awaitAllClosed(Duration.ofSeconds(5));
            assertThat(proxy.connections()).hasSize(1).allSatisfy(connection -> {
                assertThat(connection.requestLine()).contains("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1");
                assertThat(connection.closedByClient() || !mode.equals(MisbehavingProxy.Mode.oversizedHeaders()))
                        .isTrue();
            });
        }
    }

    @Test
    void anOversizedHeaderBlockIsCutOffByTheClientNotWaitedOut() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.oversizedHeaders())) {
            failOnce(proxiedKeys(server.uri().toString(), "127.0.0.1:" + proxy.port()), ProxyException.class);
            // The proxy keeps the connection open until the client closes it: it must be the client.
            AcceptedConnection connection = proxy.awaitConnection(c -> !c.open(), Duration.ofSeconds(5), "closed");
            assertThat(connection.closedByClient()).isTrue();
        }
    }

    @Test
    void aSilentProxyFailsWithConnectTimeoutExceptionAtTheConnectionTimeout() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.silent())) {
            String address = "127.0.0.1:" + proxy.port();
            Map<String, String> keys = proxiedKeys(server.uri().toString(), address);
            keys.put("connection-timeout", "1s");
            try (ConnectorUnderTest client = proxied(keys)) {
                long start = System.nanoTime();
                Throwable thrown = SquidRefusalTest.catchOpen(client);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                System.out.printf("silent proxy: %s after %d ms%n", thrown.getMessage(), elapsed.toMillis());

                // The engine's timer alone bounds the attempt; the abort ends the blocked read of the reply.
                assertThat(thrown).isInstanceOf(ConnectTimeoutException.class).hasNoCause()
                        .hasMessage("[proxied] CONNECT 127.0.0.1:" + server.port() + " through proxy " + address
                                + " did not complete within 1s (connection-timeout)");
                assertThat(elapsed).as("not before connection-timeout").isGreaterThanOrEqualTo(Duration.ofMillis(900));
                client.awaitState(ConnectionState.FAILED, Duration.ofSeconds(5));
            }
            AcceptedConnection connection = proxy.awaitConnection(c -> !c.open(), Duration.ofSeconds(5), "closed");
            assertThat(connection.closedByClient()).isTrue();
        }
    }

    @Test
    void anUnreachableProxyFailsWithAProxyExceptionNamingIt() throws Exception {
        String address = "127.0.0.1:" + SquidRefusalTest.deadPort();
        ProxyException failure = failOnce(proxiedKeys(server.uri().toString(), address), ProxyException.class);

        assertThat(failure.proxy()).isEqualTo(address);
        assertThat(failure.statusLine()).isEmpty();
        assertThat(failure.getMessage()).contains("proxy " + address + " unreachable").contains("refused");
    }

    @Test
    void anHttp10ConnectionEstablishedOpensTheTunnel() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(
                MisbehavingProxy.Mode.status(200, "Connection established", "HTTP/1.0"));
             ConnectorUnderTest client = proxied(
                     proxiedKeys(server.uri().toString(), "127.0.0.1:" + proxy.port()))) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("over an HTTP/1.0 tunnel");
            assertThat(proxy.connections()).hasSize(1);
            assertThat(client.events().states())
                    .containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
            client.events().assertNoMoreEvents();
        }
    }
}
