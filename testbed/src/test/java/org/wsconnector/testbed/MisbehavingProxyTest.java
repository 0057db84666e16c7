package org.wsconnector.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MisbehavingProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    static EchoServer echo;

    @BeforeAll
    static void startEcho() {
        echo = EchoServer.builder().start();
    }

    @AfterAll
    static void stopEcho() {
        echo.close();
    }

    @Test
    void silentAcceptsButNeverAnswersAndNoticesWhenTheClientGivesUp() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.silent())) {
            RawProxyClient client = new RawProxyClient(proxy.port());
            client.connect("127.0.0.1:" + echo.port(), RawProxyClient.basic("u", "p"));
            proxy.awaitAccepted(1, WAIT);
            assertThat(client.staysSilentFor(200)).isTrue();
            assertThat(proxy.openConnectionCount()).isEqualTo(1);

            client.close();
            AcceptedConnection connection = proxy.awaitConnection(c -> !c.open(), WAIT, "the client to close");
            assertThat(connection.closedByClient()).isTrue();
        }
    }

    @Test
    void garbageAnswersBytesThatAreNotHttpAndCloses() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.garbage());
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + echo.port(), RawProxyClient.basic("u", "p"));
            assertThat(client.readToEnd()).isNotEmpty().doesNotStartWith("HTTP/");
            AcceptedConnection connection = proxy.awaitConnection(c -> !c.open(), WAIT, "the proxy to close");
            assertThat(connection.closedByClient()).isFalse();
            assertThat(connection.requestLine()).contains("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1");
            assertThat(connection.proxyAuthorizationPresent()).isTrue();
        }
    }

    @Test
    void truncatedSendsHalfAStatusLineOrHalfAHeaderBlockAndCloses() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.truncatedStatusLine());
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + echo.port(), null);
            assertThat(client.readToEnd()).isEqualTo("HTTP/1.1 200 Conn");
        }
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.truncatedHeaders());
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + echo.port(), null);
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 200 Connection established\r\n").doesNotContain("\r\n\r\n");
        }
    }

    @Test
    void oversizedSendsHeadersThatNeverEndUntilTheClientHangsUp() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.oversizedHeaders())) {
            RawProxyClient client = new RawProxyClient(proxy.port());
            client.connect("127.0.0.1:" + echo.port(), null);
            InputStream in = client.socket.getInputStream();
            byte[] limit = in.readNBytes(64 * 1024);
            assertThat(new String(limit, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 200 ").contains("X-Filler: ").doesNotContain("\r\n\r\n");
            client.close();
            AcceptedConnection connection = proxy.awaitConnection(c -> !c.open(), WAIT, "the client to hang up");
            assertThat(connection.closedByClient()).isTrue();
        }
    }

    @Test
    void statusAnswersAFixedErrorAndCloses() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(
                MisbehavingProxy.Mode.status(503, "Service Unavailable", "HTTP/1.1"));
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + echo.port(), null);
            assertThat(client.readToEnd()).isEqualTo("HTTP/1.1 503 Service Unavailable\r\n\r\n");
        }
    }

    @Test
    void statusWithAnHttp10SuccessStillTunnelsToTheTarget() throws Exception {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(
                MisbehavingProxy.Mode.status(200, "Connection established", "HTTP/1.0"));
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            String target = "127.0.0.1:" + echo.port();
            client.connect(target, null);
            assertThat(client.readHead()).isEqualTo("HTTP/1.0 200 Connection established\r\n\r\n");
            client.upgrade(target, "/echo", null);
            assertThat(client.readHead()).startsWith("HTTP/1.1 101 ");
        }
    }
}
