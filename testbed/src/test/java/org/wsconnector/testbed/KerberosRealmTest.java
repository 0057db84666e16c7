package org.wsconnector.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kerberos realm and the Negotiate squid the proxy tests rely on, checked with MIT's own client tools
 * ({@code kinit}, and curl's SPNEGO), so that a failure in the connector's tests is the connector's.
 */
class KerberosRealmTest {

    @Test
    void aKeytabLogsInAtTheKdcAndNoLongerOnceTheKdcIsStopped() throws Exception {
        try (KerberosRealm realm = KerberosRealm.builder().start()) {
            Path keytab = realm.addPrincipalWithKeytab("alice");
            Path cache = keytab.resolveSibling("alice.ccache");
            assertThat(run(realm, Map.of(), "kinit", "-k", "-t", keytab.toString(), "-c", cache.toString(),
                    realm.principal("alice"))).startsWith("exit 0");

            realm.stopKdc();
            assertThat(realm.isKdcRunning()).isFalse();
            assertThat(run(realm, Map.of(), "kinit", "-k", "-t", keytab.toString(), "-c", cache.toString(),
                    realm.principal("alice"))).doesNotStartWith("exit 0").contains("KDC");
        }
    }

    @Test
    void aKeytabOfAPrincipalTheKdcDoesNotKnowIsRefusedByTheKdc() throws Exception {
        try (KerberosRealm realm = KerberosRealm.builder().start()) {
            Path keytab = realm.keytabOfUnknownPrincipal("mallory");
            assertThat(run(realm, Map.of(), "kinit", "-k", "-t", keytab.toString(), "-c",
                    keytab.resolveSibling("m.ccache").toString(), realm.principal("mallory")))
                    .doesNotStartWith("exit 0").contains("not found in Kerberos database");
        }
    }

    @Test
    void negotiateSquidAnswers407WithoutATicketAndTunnelsForATicketLoggingThePrincipal() throws Exception {
        try (KerberosRealm realm = KerberosRealm.builder().start();
             ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path service = realm.addPrincipalWithKeytab("HTTP/localhost");
            Path alice = realm.addPrincipalWithKeytab("alice");
            try (Squid squid = Squid.builder().negotiateKerberos(realm, service, "HTTP/localhost").start()) {
                String authority = "127.0.0.1:" + target.getLocalPort();
                try (RawProxyClient client = new RawProxyClient(squid.port())) {
                    client.connect(authority, null);
                    String head = client.readHead();
                    assertThat(head).startsWith("HTTP/1.1 407").contains("Proxy-Authenticate: Negotiate");
                }

                Path cache = alice.resolveSibling("alice.ccache");
                assertThat(run(realm, Map.of(), "kinit", "-k", "-t", alice.toString(), "-c", cache.toString(),
                        realm.principal("alice"))).startsWith("exit 0");
                // curl's SPNEGO asks for HTTP@localhost, the name the proxy is reached by.
                String curl = run(realm, Map.of("KRB5CCNAME", "FILE:" + cache), "curl", "-sS", "-v", "-m", "10",
                        "--proxy-negotiate", "-U", ":", "-p", "-x", "http://localhost:" + squid.port(),
                        "http://" + authority + "/");
                assertThat(curl).contains("200 Connection established");

                var tunnel = squid.awaitAccess(r -> r.isConnect() && r.status() == 200, 1, Duration.ofSeconds(10));
                assertThat(tunnel.get(0).user()).contains(realm.principal("alice"));
            }
        }
    }

    /** @return "exit N" and the program's output */
    private static String run(KerberosRealm realm, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true);
        builder.environment().putAll(realm.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        return "exit " + process.exitValue() + "\n" + output;
    }
}
