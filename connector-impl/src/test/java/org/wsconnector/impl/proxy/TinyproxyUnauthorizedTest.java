package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;
import org.wsconnector.testbed.Tinyproxy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;
import static org.wsconnector.impl.proxy.SquidRefusalTest.failOnce;

/**
 * Issue 15 item 2 against a real proxy: tinyproxy 1.11 answers a CONNECT whose Basic credentials it refuses with
 * {@code 401 Unauthorized} (not 407). The connector must still report the refused credentials as a
 * {@link ProxyAuthenticationException} with {@code credentialsSent() == true}, and pass ws and wss through the same
 * proxy with the right credentials, which never reach the WebSocket server. ProxyChallengeEdgeTest covers the same
 * status from the testbed's scripted MisbehavingProxy; this proves it is what a real proxy sends.
 */
class TinyproxyUnauthorizedTest {
    static final String USER = "svc-tiny";
    static final String PASSWORD = "Tiny-Pa55-9c1";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EchoServer plain;
    static EchoServer tls;
    static Tinyproxy proxy;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate(dir, "changeit".toCharArray());
        plain = EchoServer.builder().start();
        tls = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start();
        proxy = Tinyproxy.start(USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {proxy, plain, tls}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void wrongCredentialsAnsweredWith401AreAProxyAuthenticationErrorSayingTheyWereSent(String scheme) {
        EchoServer server = server(scheme);
        int serverConnectionsBefore = server.connections().size();
        Map<String, String> keys = keys(scheme, "not-the-password");

        // failOnce also checks: within connection-timeout, the cause of the FAILED event, no event after it.
        ProxyAuthenticationException failure = failOnce(keys, ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isTrue();
        assertThat(failure.proxy()).isEqualTo(proxy.hostAndPort());
        assertThat(failure.statusLine()).hasValue("HTTP/1.0 401 Unauthorized");
        assertThat(failure.getMessage()).contains("refused the configured proxy.username/proxy.password")
                .contains("were sent and refused").doesNotContain("not-the-password");
        assertThat(proxy.connectRequestsTo(target(server))).as("tinyproxy log:%n%s", proxy.log()).isPositive();
        assertThat(server.connections()).as("nothing reached the server").hasSize(serverConnectionsBefore);
    }

    @Test
    void refusedCredentialsWithAttemptsLeftAreTheCauseOfTheReconnectingEvent() {
        Map<String, String> keys = keys("ws", "still-wrong");
        keys.put("reconnect.attempts", "2");
        keys.put("reconnect.interval", "100ms");
        keys.put("reconnect.jitter", "0");
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().open();
            ConnectionStateChanged reconnecting = client.events().awaitEntered(ConnectionState.RECONNECTING);
            assertThat(reconnecting.cause()).get().isInstanceOfSatisfying(ProxyAuthenticationException.class,
                    refused -> {
                        assertThat(refused.credentialsSent()).isTrue();
                        assertThat(refused.statusLine()).hasValue("HTTP/1.0 401 Unauthorized");
                    });
            ConnectionStateChanged failed = client.events().awaitEntered(ConnectionState.FAILED);
            assertThat(failed.cause()).get().isInstanceOf(ProxyAuthenticationException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ws", "wss"})
    void rightCredentialsEchoThroughTinyproxyAndTheServerNeverSeesThem(String scheme) throws Exception {
        EchoServer server = server(scheme);
        int serverConnectionsBefore = server.connections().size();
        long connectsBefore = proxy.connectRequestsTo(target(server));
        try (ConnectorUnderTest client = proxied(keys(scheme, PASSWORD))) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("hello through tinyproxy over " + scheme);
        }

        assertThat(proxy.connectRequestsTo(target(server))).as("tinyproxy log:%n%s", proxy.log())
                .isEqualTo(connectsBefore + 1);
        List<ConnectionSnapshot> seen = server.connections().subList(serverConnectionsBefore,
                server.connections().size());
        assertThat(seen).as("connections the echo server saw: the one tunnel").hasSize(1);
        assertThat(seen).allSatisfy(connection -> {
            assertThat(connection.requestHeaders()).doesNotContainKey("Proxy-Authorization");
            assertThat(connection.requestHeaders().toString()).doesNotContain(PASSWORD)
                    .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));
        });
    }

    private static Map<String, String> keys(String scheme, String password) {
        Map<String, String> keys = proxiedKeys(server(scheme).uri().toString(), proxy.hostAndPort());
        keys.put("proxy.username", USER);
        keys.put("proxy.password", password);
        if (scheme.equals("wss")) {
            keys.put("tls.ca-file", certs.ca().pemFile().toString());
        }
        return keys;
    }

    private static EchoServer server(String scheme) {
        return scheme.equals("wss") ? tls : plain;
    }

    private static String target(EchoServer server) {
        return "127.0.0.1:" + server.port();
    }
}
