package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectionState;
import org.wsconnector.ProxyException;
import org.wsconnector.ReloadReport;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.SharedCertificates;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.TestCertificates;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;
import static org.wsconnector.impl.proxy.SquidRefusalTest.failOnce;

/**
 * An HTTPS proxy: a real squid's {@code https_port}, the CONNECT request inside TLS with the proxy, and for wss the
 * server's TLS inside that session (TLS inside TLS). Each level is verified against its own peer's name: the proxy's
 * certificate names only 127.0.0.1 (the proxy's host), the server's only localhost (the URI's host), so a check
 * against the wrong name at either level would fail the connection. squid's access log proves the tunnels.
 */
class HttpsProxyTest {
    static final String USER = "svc-billing";
    static final String PASSWORD = "Https-Proxy-Pa55";

    static TestCertificates certs;
    static EchoServer plain;
    static EchoServer tls;
    /** Its TLS certificate names IP 127.0.0.1 only. */
    static Squid squid;
    /** Its TLS certificate names DNS localhost only: wrong for a client that calls it 127.0.0.1. */
    static Squid namedLocalhost;

    @BeforeAll
    static void start() {
        certs = SharedCertificates.get();
        plain = EchoServer.builder().start();
        tls = EchoServer.builder().tls(certs.server(SanVariant.DNS_ONLY), certs).start();
        squid = Squid.builder().basicAuth(USER, PASSWORD).https(certs.server(SanVariant.IP_ONLY)).start();
        namedLocalhost = Squid.builder().https(certs.server(SanVariant.DNS_ONLY)).start();
    }

    @AfterAll
    static void stop() {
        Stream.of(squid, namedLocalhost).filter(Objects::nonNull).forEach(Squid::close);
        Stream.of(plain, tls).filter(Objects::nonNull).forEach(EchoServer::close);
    }

    static Map<String, String> httpsProxyKeys(String uri, String proxy) {
        Map<String, String> keys = proxiedKeys(uri, proxy);
        keys.put("proxy.tls", "true");
        keys.put("proxy.tls.ca-file", certs.ca().pemFile().toString());
        return keys;
    }

    @ParameterizedTest(name = "{0} through squid's https_port")
    @CsvSource({"ws", "wss"})
    void echoGoesThroughTheHttpsProxyAndTheCredentialsStayInsideItsTlsSession(String scheme) throws Exception {
        EchoServer server = scheme.equals("wss") ? tls : plain;
        String host = scheme.equals("wss") ? "localhost" : "127.0.0.1";
        String target = host + ":" + server.port();
        int tunnelsBefore = squid.connectsTo(target).size();
        int seenBefore = server.connections().size();
        Map<String, String> keys = httpsProxyKeys(scheme + "://" + target + "/echo", squid.httpsHostAndPort());
        keys.putAll(Map.of("proxy.username", USER, "proxy.password", PASSWORD));
        // For wss, the server's trust at the inner level: the same CA, the server's own name (localhost).
        Optional.of(certs.ca().pemFile().toString()).filter(ca -> scheme.equals("wss"))
                .ifPresent(ca -> keys.put("tls.ca-file", ca));
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("hello through an HTTPS proxy");
            client.echo("x".repeat(100_000)); // several records at both levels, both ways
        }
        Squid.AccessRecord tunnel = squid.awaitAccess(r -> r.isConnect() && r.target().equals(target),
                tunnelsBefore + 1, Duration.ofSeconds(5)).get(tunnelsBefore);
        assertThat(tunnel.isTunnel()).as("squid relayed: %s", tunnel.line()).isTrue();
        assertThat(tunnel.user()).contains(USER);
        assertThat(tunnel.bytes()).isGreaterThan(100_000);
        List<ConnectionSnapshot> seen = server.connections().subList(seenBefore, server.connections().size());
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).textMessages()).startsWith("hello through an HTTPS proxy");
        assertThat(seen.get(0).requestHeaders()).doesNotContainKey("Proxy-Authorization");
        assertThat(seen.get(0).requestHeaders().toString()).doesNotContain(PASSWORD)
                .doesNotContain(Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()));
    }

    @Test
    void aProxyCertificateFromAnotherIssuerFailsWithProxyExceptionCausedByTheTlsFailure() {
        Map<String, String> keys = httpsProxyKeys(plain.uri().toString(), squid.httpsHostAndPort());
        keys.put("proxy.tls.ca-file", certs.selfSignedServer().pemFile().toString()); // trusts nothing squid has
        int requestsBefore = squid.accessLog().size();
        ProxyException failure = failOnce(keys, ProxyException.class);

        assertThat(failure).isNotInstanceOf(TlsHandshakeException.class);
        assertThat(failure.proxy()).isEqualTo(squid.httpsHostAndPort());
        assertThat(failure).hasCauseInstanceOf(SSLException.class);
        assertThat(failure.getMessage()).startsWith("[proxied] TLS handshake with proxy " + squid.httpsHostAndPort()
                + " failed: ").contains("proxy.tls");
        // Nothing was sent to the untrusted proxy: no CONNECT, so no credentials either.
        assertThat(squid.accessLog().stream().skip(requestsBefore).filter(Squid.AccessRecord::isConnect)).isEmpty();
    }

    @Test
    void aProxyCertificateForAnotherNameFailsAndTheSameProxyCalledByItsNameIsAccepted() throws Exception {
        Map<String, String> keys = httpsProxyKeys(plain.uri().toString(), namedLocalhost.httpsHostAndPort());
        ProxyException failure = failOnce(keys, ProxyException.class);
        assertThat(failure).hasCauseInstanceOf(SSLException.class);
        assertThat(failure.getMessage()).contains("127.0.0.1");

        keys.put("proxy.host", "localhost:" + namedLocalhost.httpsPort());
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("the proxy's name is checked, and matches");
        }
        keys.put("proxy.host", namedLocalhost.httpsHostAndPort());
        keys.put("proxy.tls.verify-hostname", "false");
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("the name is not checked, the issuer still is");
        }
    }

    @Test
    void aReloadThatFixesTheProxysTrustReconnectsWithTheNewProxyTlsContext() throws Exception {
        Map<String, String> keys = httpsProxyKeys(plain.uri().toString(), squid.httpsHostAndPort());
        keys.put("proxy.tls.ca-file", certs.selfSignedServer().pemFile().toString()); // trusts nothing squid has
        keys.put("reconnect.attempts", "unlimited");
        keys.put("reconnect.interval", "100ms");
        keys.put("reconnect.max-interval", "200ms");
        keys.putAll(Map.of("proxy.username", USER, "proxy.password", PASSWORD));
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().open();
            client.events().awaitEntered(ConnectionState.RECONNECTING);
            assertThat(client.events().causes().get(0)).isInstanceOf(ProxyException.class);

            keys.put("proxy.tls.ca-file", certs.ca().pemFile().toString());
            Map<String, String> properties = new HashMap<>();
            keys.forEach((key, value) -> properties.put("websocket.client." + ConnectorUnderTest.PROXIED + "." + key,
                    value));
            ReloadReport report = client.connector().reload(ConnectorUnderTest.configuration(properties));
            assertThat(report.reconnected()).containsExactly(ConnectorUnderTest.PROXIED);
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("the reloaded proxy trust is used");
        }
    }

    @Test
    void aPlainHttpClientAtTheTlsPortIsAProxyExceptionNotAHang() {
        Map<String, String> keys = proxiedKeys(plain.uri().toString(), squid.httpsHostAndPort());
        ProxyException failure = failOnce(keys, ProxyException.class);
        assertThat(failure.proxy()).isEqualTo(squid.httpsHostAndPort());
        assertThat(Optional.ofNullable(failure.getMessage())).isPresent();
    }
}
