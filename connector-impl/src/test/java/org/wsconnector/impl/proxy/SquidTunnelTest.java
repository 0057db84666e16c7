package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectionState;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/**
 * ws:// and wss:// through a real squid, with and without proxy authentication. Proves the tunnel: squid's own
 * access log has one CONNECT to the echo server's port per connection the echo server saw (nothing bypassed the
 * proxy), and the credentials stayed with the proxy (the server never saw a Proxy-Authorization header).
 */
class SquidTunnelTest {
    static final String USER = "svc-billing";
    static final String PASSWORD = "Squid-Tunnel-Pa55";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EchoServer plain;
    static EchoServer tls;
    static Squid authenticating;
    static Squid open;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate(dir, "changeit".toCharArray());
        plain = EchoServer.builder().start();
        tls = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start();
        authenticating = Squid.builder().basicAuth(USER, PASSWORD).start();
        open = Squid.builder().start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {authenticating, open, plain, tls}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @ParameterizedTest(name = "{0} through squid {1}")
    @CsvSource({"ws, with basic auth", "wss, with basic auth", "ws, without auth", "wss, without auth"})
    void echoGoesThroughSquidEveryConnectionIsLoggedAsATunnelAndTheServerNeverSeesProxyCredentials(
            String scheme, String variant) throws Exception {
        boolean withAuth = variant.startsWith("with ");
        Squid squid = withAuth ? authenticating : open;
        EchoServer server = scheme.equals("wss") ? tls : plain;
        String target = "127.0.0.1:" + server.port();
        int serverConnectionsBefore = server.connections().size();
        int tunnelsBefore = squid.connectsTo(target).size();

        Map<String, String> keys = proxiedKeys(server.uri().toString(), squid.hostAndPort());
        if (withAuth) {
            keys.put("proxy.username", USER);
            keys.put("proxy.password", PASSWORD);
        }
        if (scheme.equals("wss")) {
            keys.put("tls.ca-file", certs.ca().pemFile().toString());
        }
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("hello through squid");
            // A second connection of the same client, after a reconnect: it must go through squid as well.
            server.closeAllSessions(4000, "go away and come back");
            client.awaitState(ConnectionState.RECONNECTING, Duration.ofSeconds(5));
            client.awaitState(ConnectionState.OPEN, Duration.ofSeconds(10));
            client.echo("hello again");
        }

        // squid logs a tunnel when it closes: the connector is closed now, so both are there.
        List<Squid.AccessRecord> tunnels = squid.awaitAccess(r -> r.isConnect() && r.target().equals(target),
                tunnelsBefore + 2, Duration.ofSeconds(5)).subList(tunnelsBefore, tunnelsBefore + 2);
        assertThat(tunnels).allSatisfy(tunnel -> {
            assertThat(tunnel.isTunnel()).as("squid relayed: %s", tunnel.line()).isTrue();
            assertThat(tunnel.bytes()).as("bytes relayed from the server").isPositive();
            assertThat(tunnel.user()).isEqualTo(withAuth ? Optional.of(USER) : Optional.empty());
        });
        List<ConnectionSnapshot> seen = server.connections().subList(serverConnectionsBefore, server.connections().size());
        assertThat(seen).as("connections the echo server saw, one per squid tunnel").hasSize(2);
        assertThat(squid.connectsTo(target)).hasSize(tunnelsBefore + 2);
        assertThat(seen).allSatisfy(connection -> {
            assertThat(connection.requestHeaders()).doesNotContainKey("Proxy-Authorization");
            assertThat(connection.requestHeaders().toString()).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));
        });
        assertThat(seen.get(0).textMessages()).containsExactly("hello through squid");
        assertThat(seen.get(1).textMessages()).containsExactly("hello again");
    }
}
