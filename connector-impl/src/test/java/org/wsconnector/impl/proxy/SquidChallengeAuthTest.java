package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.LogCapture;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.TestCertificates;

import java.nio.charset.StandardCharsets;
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
 * Challenge authentication against real squids and squid's own helpers: Digest (digest_file_auth, MD5: squid 5.7
 * has no SHA-256 digest), NTLM (ntlm_fake_auth: a real three-message handshake on one connection), Basic answered
 * after a 407 instead of preemptively, and a squid offering all three at once, where the strongest (NTLM) must win;
 * NTLM's rounds also inside the TLS session with an HTTPS proxy (squid's https_port).
 * Each through ws and wss; squid's access log proves the tunnel and the user, the echo server's recorded upgrade
 * headers prove that no proxy credential reached it, and JUL captured at every level holds no secret.
 */
class SquidChallengeAuthTest {
    static final String USER = "svc-challenge";
    static final String PASSWORD = "Ch4llenge-Pa55-91d";

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static EchoServer plain;
    static EchoServer tls;
    static Squid digest;
    static Squid ntlm;
    static Squid basic;
    static Squid everyScheme;
    static Squid ntlmOverTls;

    @BeforeAll
    static void start() {
        certs = TestCertificates.generate(dir, "changeit".toCharArray());
        plain = EchoServer.builder().start();
        tls = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start();
        digest = Squid.builder().digestAuth(USER, PASSWORD).start();
        ntlm = Squid.builder().ntlmFakeAuth().start();
        basic = Squid.builder().basicAuth(USER, PASSWORD).start();
        everyScheme = Squid.builder().basicAuth(USER, PASSWORD).digestAuth(USER, PASSWORD).ntlmFakeAuth().start();
        ntlmOverTls = Squid.builder().ntlmFakeAuth().https(certs.server(SanVariant.IP_ONLY)).start();
    }

    @AfterAll
    static void stop() {
        AutoCloseable[] started = {digest, ntlm, basic, everyScheme, ntlmOverTls, plain, tls};
        for (AutoCloseable closeable : started) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @ParameterizedTest(name = "{0} through squid offering {1}, {2}")
    @CsvSource({
            "ws, digest, svc-challenge, default keys",
            "wss, digest, svc-challenge, default keys",
            "ws, ntlm, CORP\\svc-challenge, default keys",
            "wss, ntlm, CORP\\svc-challenge, default keys",
            "ws, basic, svc-challenge, proxy.auth-preemptive=false",
            "wss, basic, svc-challenge, proxy.auth-preemptive=false",
            "ws, basic+digest+ntlm, svc-challenge@corp.example, proxy.auth-preemptive=false",
            "wss, basic+digest+ntlm, svc-challenge@corp.example, proxy.auth-preemptive=false"})
    void theChallengeIsAnsweredTheTunnelOpensAndNoSecretIsSeenAnywhere(String scheme, String offered, String user,
                                                                       String variant) throws Exception {
        Squid squid = switch (offered) {
            case "digest" -> digest;
            case "ntlm" -> ntlm;
            case "basic" -> basic;
            default -> everyScheme;
        };
        EchoServer server = scheme.equals("wss") ? tls : plain;
        String target = "127.0.0.1:" + server.port();
        int before = squid.connectsTo(target).size();
        int serverBefore = server.connections().size();
        Map<String, String> keys = proxiedKeys(server.uri().toString(), squid.hostAndPort());
        keys.put("proxy.username", user);
        keys.put("proxy.password", PASSWORD);
        if (!variant.equals("default keys")) {
            keys.put(variant.substring(0, variant.indexOf('=')), variant.substring(variant.indexOf('=') + 1));
        }
        if (scheme.equals("wss")) {
            keys.put("tls.ca-file", certs.ca().pemFile().toString());
        }
        List<String> logged;
        try (LogCapture log = LogCapture.atAllLevels("org.wsconnector")) {
            try (ConnectorUnderTest client = proxied(keys)) {
                long start = System.nanoTime();
                client.connection().awaitOpen(Duration.ofSeconds(10));
                System.out.printf("%s through squid offering %s (%s): open after %.1f ms%n", scheme, offered, variant,
                        (System.nanoTime() - start) / 1e6);
                client.echo("through " + offered);
                assertThat(client.events().recorded().toString()).doesNotContain(PASSWORD);
            }
            logged = log.allTexts();
        }

        List<Squid.AccessRecord> records = squid.awaitAccess(r -> r.isTunnel() && r.target().equals(target),
                1, Duration.ofSeconds(5));
        Squid.AccessRecord tunnel = records.get(records.size() - 1);
        assertThat(tunnel.user()).as("squid's authenticated user: %s", tunnel.line()).isPresent();
        assertThat(tunnel.user().get()).contains("svc-challenge");
        assertThat(squid.connectsTo(target).subList(before, squid.connectsTo(target).size()))
                .as("the 407 before the tunnel: the challenge was answered, not pre-empted")
                .anyMatch(r -> r.status() == 407);
        ConnectionSnapshot seen = server.connections().get(serverBefore);
        assertThat(seen.textMessages()).containsExactly("through " + offered);
        assertThat(seen.requestHeaders()).doesNotContainKey("Proxy-Authorization");
        assertNoSecretIn(seen.requestHeaders().toString(), user);
        assertThat(logged).as("logging was captured").isNotEmpty();
        assertNoSecretIn(String.join("\n", logged), user);
    }

    @Test
    void theStrongestOfferedSchemeWinsWhateverOrderTheProxyListsThemIn() throws Exception {
        Map<String, String> keys = proxiedKeys(plain.uri().toString(), everyScheme.hostAndPort());
        keys.put("proxy.username", "CORP\\ntlm-user");
        keys.put("proxy.password", PASSWORD);
        keys.put("proxy.auth-preemptive", "false");
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
        }
        // ntlm_fake_auth accepts any user; basic and digest know only USER: the tunnel is NTLM's.
        assertThat(everyScheme.awaitAccess(r -> r.isTunnel() && r.user().orElse("").contains("ntlm-user"), 1,
                Duration.ofSeconds(5))).isNotEmpty();
    }

    @Test
    void ntlmRoundsStayInsideTheTlsSessionWithAnHttpsProxy() throws Exception {
        Map<String, String> keys = proxiedKeys(tls.uri().toString(), ntlmOverTls.httpsHostAndPort());
        keys.put("proxy.tls", "true");
        keys.put("proxy.tls.ca-file", certs.ca().pemFile().toString());
        keys.put("tls.ca-file", certs.ca().pemFile().toString());
        keys.put("proxy.username", "CORP\\tls-user");
        keys.put("proxy.password", PASSWORD);
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("NTLM inside TLS inside TLS");
        }
        assertThat(ntlmOverTls.awaitAccess(r -> r.isTunnel() && r.user().orElse("").contains("tls-user"), 1,
                Duration.ofSeconds(5))).isNotEmpty();
    }

    @Test
    void aWrongDigestPasswordIsRefusedAsSentCredentials() {
        Map<String, String> keys = proxiedKeys(plain.uri().toString(), digest.hostAndPort());
        keys.put("proxy.username", USER);
        keys.put("proxy.password", "not-" + PASSWORD);
        keys.put("proxy.auth-preemptive", "false");
        ProxyAuthenticationException failure = failOnce(keys, ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isTrue();
        assertThat(failure.getMessage()).contains("demands authentication (HTTP/1.1 407")
                .contains("the configured proxy.username/proxy.password were sent and refused (Digest)")
                .doesNotContain(PASSWORD).doesNotContain("response=");
    }

    @Test
    void aSchemeTheAllowListExcludesIsNotAnsweredAndTheErrorSaysSo() {
        Map<String, String> keys = proxiedKeys(plain.uri().toString(), ntlm.hostAndPort());
        keys.put("proxy.username", USER);
        keys.put("proxy.password", PASSWORD);
        keys.put("proxy.auth-schemes", "digest");
        long before = ntlm.accessLog().stream().filter(r -> r.status() == 407).count();
        ProxyAuthenticationException failure = failOnce(keys, ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).as("nothing was sent: Basic is not allowed, so not preemptive")
                .isFalse();
        assertThat(failure.getMessage()).isEqualTo("[proxied] proxy " + ntlm.hostAndPort() + " demands authentication "
                + "(HTTP/1.1 407 Proxy Authentication Required); it offers NTLM, none of which proxy.auth-schemes "
                + "allows (digest)");
        assertThat(ntlm.awaitAccess(r -> r.status() == 407, (int) before + 1, Duration.ofSeconds(5))).isNotEmpty();
    }

    private static void assertNoSecretIn(String text, String user) {
        String basicToken = Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(text).doesNotContain(PASSWORD).doesNotContain(basicToken)
                .doesNotContain("TlRMTVNT") // the start of every NTLM message in base64
                .doesNotContain("response=").doesNotContain("Proxy-Authorization:");
    }
}
