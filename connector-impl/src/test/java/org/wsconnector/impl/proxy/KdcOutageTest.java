package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.KerberosBed;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.KerberosRealm;
import org.wsconnector.testbed.Squid;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/**
 * The KDC goes away while squid still demands Negotiate. The login of each attempt needs the KDC, and the JDK waits
 * for it as the JVM's krb5.conf says (here {@code kdc_timeout = 1000}, {@code max_retries = 1}), not as
 * connection-timeout says: a refusing KDC fails the attempt at once, a silent one after kdc_timeout, each as a
 * {@link ProxyAuthenticationException} naming Kerberos and the KDC; a connection-timeout shorter than the KDC's wait
 * ends the attempt on time as a {@link ConnectTimeoutException} — never a hang.
 */
@Tag("kerberos")
class KdcOutageTest {
    static KerberosRealm realm;
    static Squid squid;
    static EchoServer server;
    static Path aliceKeytab;

    @BeforeAll
    static void startThenStopTheKdc() {
        realm = KerberosBed.startRealm();
        aliceKeytab = realm.addPrincipalWithKeytab("alice");
        squid = Squid.builder().negotiateKerberos(realm, realm.addPrincipalWithKeytab("HTTP/localhost"),
                "HTTP/localhost").start();
        server = EchoServer.builder().start();
        realm.stopKdc();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {squid, server, realm}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void aKdcThatRefusesConnectionsFailsTheAttemptAtOnceNamingTheKdc() {
        ProxyAuthenticationException failure = SquidRefusalTest.failOnce(keys(), ProxyAuthenticationException.class);

        assertThat(failure.credentialsSent()).isFalse();
        assertThat(failure.getMessage()).contains("Negotiate: the Kerberos login of " + realm.principal("alice"))
                .contains("no answer from the KDC").contains("krb5.conf");
    }

    @Test
    void aKdcThatNeverAnswersFailsTheAttemptAfterKdcTimeoutWithinConnectionTimeout() throws Exception {
        try (ServerSocket silentKdc = new ServerSocket(realm.kdcPort(), 50, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ProxyAuthenticationException failure = SquidRefusalTest.failOnce(keys(),
                    ProxyAuthenticationException.class);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure.getMessage()).contains("no answer from the KDC");
            assertThat(elapsed).as("the JDK waited kdc_timeout for the KDC").isGreaterThanOrEqualTo(
                    Duration.ofMillis(900));
        }
    }

    @Test
    void aConnectionTimeoutShorterThanTheKdcsWaitEndsTheAttemptOnTime() throws Exception {
        try (ServerSocket silentKdc = new ServerSocket(realm.kdcPort(), 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> keys = keys();
            keys.put("connection-timeout", "300ms");
            try (ConnectorUnderTest client = ConnectorUnderTest.proxied(keys)) {
                long start = System.nanoTime();
                Throwable thrown = SquidRefusalTest.catchOpen(client);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(thrown).isInstanceOf(ConnectTimeoutException.class)
                        .hasMessageContaining("within 300ms (connection-timeout)");
                assertThat(elapsed).as("ended by connection-timeout, not by kdc_timeout")
                        .isLessThan(Duration.ofMillis(900));
            }
        }
    }

    private static Map<String, String> keys() {
        Map<String, String> keys = proxiedKeys(server.uri().toString(), "localhost:" + squid.port());
        keys.put("proxy.kerberos.principal", realm.principal("alice"));
        keys.put("proxy.kerberos.keytab", aliceKeytab.toString());
        return keys;
    }
}
