package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.KerberosBed;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.KerberosRealm;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.TestCertificates;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/**
 * ws:// and wss:// through a real squid that demands Negotiate, checked by {@code negotiate_kerberos_auth} against
 * a real MIT KDC: the connector logs in with a keytab or a JAAS entry, squid's access log names the principal, the
 * echo server never sees a proxy header, and no Kerberos token appears in any log record (FINEST), event or
 * exception. The failures a Kerberos setup has (a principal the KDC does not know, a proxy that cannot read the
 * ticket) end the attempt with a {@link ProxyAuthenticationException} that names Kerberos, within connection-timeout.
 */
@Tag("kerberos")
class KerberosProxyTest {
    /** A SPNEGO token in base64 starts with the DER tag of its GSS framing (0x60 0x82 …): "YII". */
    static final Pattern TOKEN = Pattern.compile("YII[A-Za-z0-9+/]{40,}");

    @TempDir
    static Path dir;
    static KerberosRealm realm;
    static Squid squid;
    static Squid staleSquid;
    /** Offers Basic and Negotiate, so that the client's choice shows in its access log. */
    static Squid basicAndNegotiate;
    static EchoServer plain;
    static EchoServer tls;
    static TestCertificates certs;
    static Path aliceKeytab;
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(formatter.format(record) + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    Level savedLevel;

    @BeforeAll
    static void start() {
        realm = KerberosBed.startRealm();
        aliceKeytab = realm.addPrincipalWithKeytab("alice");
        KerberosBed.writeJaasEntry("bob-proxy-login", realm.principal("bob"), realm.addPrincipalWithKeytab("bob"));
        Path service = realm.addPrincipalWithKeytab("HTTP/localhost");
        squid = Squid.builder().negotiateKerberos(realm, service, "HTTP/localhost").start();
        basicAndNegotiate = Squid.builder().basicAuth("svc-basic", "Basic-Pa55-1d9a")
                .negotiateKerberos(realm, service, "HTTP/localhost").start();
        // Its keytab predates the key rotation of its principal: it cannot read the tickets the KDC makes now.
        Path stale = realm.addPrincipalWithKeytab("HTTP/127.0.0.1");
        realm.rekey("HTTP/127.0.0.1");
        staleSquid = Squid.builder().negotiateKerberos(realm, stale, "HTTP/127.0.0.1").start();
        certs = TestCertificates.generate(dir, "changeit".toCharArray());
        plain = EchoServer.builder().start();
        tls = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {squid, staleSquid, basicAndNegotiate, plain, tls, realm}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @BeforeEach
    void captureEveryLogRecord() {
        Logger logger = Logger.getLogger("org.wsconnector");
        savedLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        LogManager.getLogManager().getLogger("").addHandler(capture);
    }

    @AfterEach
    void restoreLogging() {
        LogManager.getLogManager().getLogger("").removeHandler(capture);
        Logger.getLogger("org.wsconnector").setLevel(savedLevel);
    }

    @ParameterizedTest(name = "{0} through squid with Negotiate")
    @ValueSource(strings = {"ws", "wss"})
    void opensThroughSquidAsThePrincipalOfTheKeytabAndTheServerSeesNoProxyHeader(String scheme) throws Exception {
        EchoServer server = scheme.equals("wss") ? tls : plain;
        String target = "127.0.0.1:" + server.port();
        int seenBefore = server.connections().size();
        int tunnelsBefore = tunnelsTo(target);
        Map<String, String> keys = keys(scheme, server);
        keys.put("proxy.kerberos.principal", realm.principal("alice"));
        keys.put("proxy.kerberos.keytab", aliceKeytab.toString());

        StringBuilder seenByTheApplication = new StringBuilder();
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("hello through Negotiate");
            seenByTheApplication.append(client.connection().config()).append(client.connection().status())
                    .append(client.events().recorded());
        }

        Squid.AccessRecord tunnel = squid.awaitAccess(r -> r.isTunnel() && r.target().equals(target),
                tunnelsBefore + 1, Duration.ofSeconds(10)).get(tunnelsBefore);
        assertThat(tunnel.user()).contains(realm.principal("alice"));
        ConnectionSnapshot seen = server.connections().get(seenBefore);
        assertThat(seen.textMessages()).containsExactly("hello through Negotiate");
        assertThat(seen.hasHeader("Proxy-Authorization")).isFalse();
        assertThat(seen.requestHeaders().toString()).doesNotContain("Negotiate").doesNotContainPattern(TOKEN);
        assertThat(seenByTheApplication.toString()).doesNotContainPattern(TOKEN);
        assertNoTokenLogged();
    }

    @Test
    void aClientWithAJaasEntryAndOneWithAKeytabInOneJvmEachAreTheirOwnPrincipal() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String client : List.of("with-keytab", "with-jaas")) {
            String prefix = "websocket.client." + client + ".";
            proxiedKeys(plain.uri().toString(), "localhost:" + squid.port())
                    .forEach((key, value) -> properties.put(prefix + key, value));
        }
        properties.put("websocket.client.with-keytab.proxy.kerberos.principal", realm.principal("alice"));
        properties.put("websocket.client.with-keytab.proxy.kerberos.keytab", aliceKeytab.toString());
        properties.put("websocket.client.with-jaas.proxy.kerberos.jaas-entry", "bob-proxy-login");
        String target = "127.0.0.1:" + plain.port();
        int tunnelsBefore = tunnelsTo(target);

        try (ConnectorUnderTest clients = ConnectorUnderTest.withProperties(properties)) {
            clients.connection("with-keytab").awaitOpen(Duration.ofSeconds(10));
            clients.connection("with-jaas").awaitOpen(Duration.ofSeconds(10));
        }

        List<Squid.AccessRecord> tunnels = squid.awaitAccess(r -> r.isTunnel() && r.target().equals(target),
                tunnelsBefore + 2, Duration.ofSeconds(10));
        assertThat(tunnels.subList(tunnelsBefore, tunnelsBefore + 2)).extracting(r -> r.user().orElse("-"))
                .containsExactlyInAnyOrder(realm.principal("alice"), realm.principal("bob"));
    }

    @ParameterizedTest(name = "with Kerberos configured: {0}")
    @ValueSource(booleans = {true, false})
    void aProxyOfferingBasicAndNegotiateGetsNegotiateWhenTheClientCanAnswerItAndBasicOtherwise(boolean kerberos)
            throws Exception {
        Map<String, String> keys = proxiedKeys(plain.uri().toString(), "localhost:" + basicAndNegotiate.port());
        keys.put("proxy.username", "svc-basic");
        keys.put("proxy.password", "Basic-Pa55-1d9a");
        keys.put("proxy.auth-preemptive", "false");
        if (kerberos) {
            keys.put("proxy.kerberos.principal", realm.principal("alice"));
            keys.put("proxy.kerberos.keytab", aliceKeytab.toString());
        }
        String target = "127.0.0.1:" + plain.port();
        int before = (int) basicAndNegotiate.accessLog().stream()
                .filter(r -> r.isTunnel() && r.target().equals(target)).count();

        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
        }

        Squid.AccessRecord tunnel = basicAndNegotiate.awaitAccess(r -> r.isTunnel() && r.target().equals(target),
                before + 1, Duration.ofSeconds(10)).get(before);
        assertThat(tunnel.user()).contains(kerberos ? realm.principal("alice") : "svc-basic");
    }

    @Test
    void aPrincipalTheKdcDoesNotKnowEndsTheAttemptNamingKerberosAndNothingWasSent() {
        Map<String, String> keys = keys("ws", plain);
        Path keytab = realm.keytabOfUnknownPrincipal("mallory");
        keys.put("proxy.kerberos.principal", realm.principal("mallory"));
        keys.put("proxy.kerberos.keytab", keytab.toString());

        ProxyAuthenticationException failure = SquidRefusalTest.failOnce(keys, ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isFalse();
        assertThat(failure.statusLine()).contains("HTTP/1.1 407 Proxy Authentication Required");
        assertThat(failure.getMessage()).contains("Negotiate: the Kerberos login of " + realm.principal("mallory")
                + " with keytab " + keytab + " failed").contains("not found in Kerberos database");
        assertNoTokenLogged();
    }

    @Test
    void aProxyThatCannotReadTheTicketRefusesItAndTheFailureSaysTheTicketWasRefused() {
        Map<String, String> keys = keys("wss", tls);
        keys.put("proxy.host", staleSquid.hostAndPort());
        keys.put("proxy.kerberos.principal", realm.principal("alice"));
        keys.put("proxy.kerberos.keytab", aliceKeytab.toString());

        ProxyAuthenticationException failure = SquidRefusalTest.failOnce(keys, ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isTrue();
        assertThat(failure.getMessage()).contains("a Kerberos ticket of " + realm.principal("alice")
                + " with keytab " + aliceKeytab + " was sent and refused (Negotiate)");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContainPattern(TOKEN);
        assertNoTokenLogged();
    }

    @Test
    void withoutAKerberosLoginANegotiateOnlyProxySaysWhichKeysAreMissing() {
        ProxyAuthenticationException failure = SquidRefusalTest.failOnce(keys("ws", plain),
                ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isFalse();
        assertThat(failure.getMessage()).contains("it offers Negotiate").contains("proxy.kerberos.principal")
                .contains("proxy.kerberos.jaas-entry");
    }

    private static int tunnelsTo(String target) {
        return (int) squid.accessLog().stream().filter(r -> r.isTunnel() && r.target().equals(target)).count();
    }

    /** The proxy by the name its service principal has: the ticket is for HTTP@localhost. */
    private static Map<String, String> keys(String scheme, EchoServer server) {
        Map<String, String> keys = proxiedKeys(scheme + "://127.0.0.1:" + server.port() + "/echo",
                "localhost:" + squid.port());
        if (scheme.equals("wss")) {
            keys.put("tls.ca-file", certs.ca().pemFile().toString());
        }
        return keys;
    }

    private void assertNoTokenLogged() {
        synchronized (logged) {
            assertThat(logged).as("log records at FINEST").isNotEmpty();
            assertThat(String.join("\n", logged)).doesNotContainPattern(TOKEN).doesNotContain("Negotiate YII");
        }
    }
}
