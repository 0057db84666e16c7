package org.wsconnector.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    static Path directory;

    static TestCertificates certificates;
    static EchoServer echo;
    static EchoServer tlsEcho;

    @BeforeAll
    static void startServers() {
        certificates = TestCertificates.generate(directory, "secret".toCharArray());
        echo = EchoServer.builder().start();
        tlsEcho = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).start();
    }

    @AfterAll
    static void stopServers() {
        echo.close();
        tlsEcho.close();
    }

    @Test
    void tunnelsAnAuthenticatedConnectAndNeverForwardsProxyAuthorization() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().requireBasicAuth("user", "pass").start();
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            String target = "127.0.0.1:" + echo.port();
            client.connect(target, RawProxyClient.basic("user", "pass"));
            assertThat(client.readHead()).startsWith("HTTP/1.1 200 ");
            proxy.awaitActiveTunnels(1, WAIT);

            client.upgrade(target, "/echo", "Bearer through-proxy");
            assertThat(client.readHead()).startsWith("HTTP/1.1 101 ");
            ConnectionSnapshot connection = echo.awaitConnection(
                    c -> c.header("Authorization").filter("Bearer through-proxy"::equals).isPresent(), WAIT,
                    "the upgrade through the proxy");
            assertThat(connection.hasHeader("Proxy-Authorization")).isFalse();
            assertThat(proxy.accessLog()).singleElement().satisfies(record -> {
                assertThat(record.status()).isEqualTo(200);
                assertThat(record.target()).isEqualTo(target);
                assertThat(record.proxyAuthorizationPresent()).isTrue();
            });
        }
    }

    @Test
    void answers407WithABasicChallengeWhenCredentialsAreMissingOrWrong() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().requireBasicAuth("user", "pass").realm("test-realm").start()) {
            try (RawProxyClient client = new RawProxyClient(proxy.port())) {
                client.connect("127.0.0.1:" + echo.port(), null);
                String response = client.readToEnd();
                assertThat(response).startsWith("HTTP/1.1 407 Proxy Authentication Required\r\n")
                        .contains("Proxy-Authenticate: Basic realm=\"test-realm\"\r\n");
            }
            try (RawProxyClient client = new RawProxyClient(proxy.port())) {
                client.connect("127.0.0.1:" + echo.port(), RawProxyClient.basic("user", "wrong"));
                assertThat(client.readToEnd()).startsWith("HTTP/1.1 407 ");
            }
            assertThat(proxy.accessLog()).extracting(ProxyAccessRecord::status, ProxyAccessRecord::proxyAuthorizationPresent)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(407, false), org.assertj.core.groups.Tuple.tuple(407, true));
        }
    }

    @Test
    void answers403ForAPortOutsideTheAllowList() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().allowTargetPorts(echo.port()).start();
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + tlsEcho.port(), null);
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 403 ");
        }
    }

    @Test
    void answers403ForATargetThatIsNotLoopback() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().start();
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("192.0.2.1:443", null);
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 403 ");
        }
    }

    @Test
    void answers502WhenTheTargetIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConnectProxy proxy = ConnectProxy.builder().start();
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect("127.0.0.1:" + closedPort, null);
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 502 ");
            assertThat(proxy.awaitAccess(r -> r.status() == 502, WAIT).target()).isEqualTo("127.0.0.1:" + closedPort);
        }
    }

    @Test
    void answers405ToAnythingButConnect() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().start();
             RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.send("GET http://127.0.0.1:" + echo.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.readToEnd()).startsWith("HTTP/1.1 405 ").contains("Allow: CONNECT");
        }
    }

    @Test
    void carriesAJdkWebSocketOverTlsAndCutsItOnDemand() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().start()) {
            HttpClient httpClient = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(proxy.address()))
                    .sslContext(SslContexts.trustingCa(certificates))
                    .build();
            JdkWebSocketClient client = JdkWebSocketClient.connect(httpClient, tlsEcho.uri(), Map.of());
            client.webSocket.sendText("via proxy", true).join();
            assertThat(client.next()).isEqualTo("via proxy");
            assertThat(proxy.activeTunnelCount()).isEqualTo(1);
            assertThat(proxy.accessLog()).singleElement()
                    .satisfies(record -> assertThat(record.target()).isEqualTo("127.0.0.1:" + tlsEcho.port()));

            assertThat(proxy.closeAllTunnels()).isEqualTo(1);
            assertThat(client.closedByServer.handle((code, error) -> code == null ? 1006 : code)
                    .get(5, TimeUnit.SECONDS)).isEqualTo(1006);
            proxy.awaitActiveTunnels(0, WAIT);
        }
    }

    @Test
    void answers503OnceItsConnectionLimitIsReached() throws Exception {
        try (ConnectProxy proxy = ConnectProxy.builder().maxConnections(1).start();
             RawProxyClient first = new RawProxyClient(proxy.port());
             RawProxyClient second = new RawProxyClient(proxy.port())) {
            first.connect("127.0.0.1:" + echo.port(), null);
            assertThat(first.readHead()).startsWith("HTTP/1.1 200 ");
            second.connect("127.0.0.1:" + echo.port(), null);
            assertThat(second.readToEnd()).startsWith("HTTP/1.1 503 ");
        }
    }
}
