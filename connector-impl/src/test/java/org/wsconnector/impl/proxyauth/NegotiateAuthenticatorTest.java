package org.wsconnector.impl.proxyauth;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.wsconnector.config.KerberosLogin;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.KerberosBed;
import org.wsconnector.testbed.KerberosRealm;
import org.wsconnector.testbed.Squid;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Negotiate scheme against a real MIT KDC and a real squid with {@code negotiate_kerberos_auth}, driven by hand on
 * one proxy connection: the token it makes opens the tunnel as the configured principal, two principals in one JVM
 * stay apart, and each way the Kerberos side can fail ends in a {@link ProxyAuthFailure} that names Kerberos and
 * holds no token.
 */
@Tag("kerberos")
class NegotiateAuthenticatorTest {
    static KerberosRealm realm;
    static Squid squid;
    static Squid staleSquid;
    static ServerSocket target;
    static Path alice;
    static Path bob;

    @BeforeAll
    static void start() throws Exception {
        realm = KerberosBed.startRealm();
        Path service = realm.addPrincipalWithKeytab("HTTP/localhost");
        alice = realm.addPrincipalWithKeytab("alice");
        bob = realm.addPrincipalWithKeytab("bob");
        squid = Squid.builder().negotiateKerberos(realm, service, "HTTP/localhost").start();
        // A proxy whose keytab predates its key's rotation: it cannot read tickets made for it now.
        Path stale = realm.addPrincipalWithKeytab("HTTP/127.0.0.1");
        realm.rekey("HTTP/127.0.0.1");
        staleSquid = Squid.builder().negotiateKerberos(realm, stale, "HTTP/127.0.0.1").start();
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {squid, staleSquid, target, realm}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    void twoClientsWithTheirOwnKeytabsInOneJvmOpenTunnelsEachAsItsOwnPrincipal() throws Exception {
        for (String user : new String[] {"alice", "bob", "alice"}) {
            KerberosLogin login = KerberosLogin.ofKeytab(realm.principal(user), user.equals("alice") ? alice : bob);
            ProxyAuthenticator negotiate = negotiate("localhost", squid.port(), login);
            try (ProxyConnectClient client = new ProxyConnectClient(squid.port())) {
                assertThat(client.connect(target(), null)).startsWith("HTTP/1.1 407")
                        .contains("Proxy-Authenticate: Negotiate");
                String answer = negotiate.respond(challenge()).orElseThrow();
                assertThat(answer).startsWith("Negotiate ");
                assertThat(client.connect(target(), answer)).startsWith("HTTP/1.1 200");
            }
        }
        var tunnels = squid.awaitAccess(r -> r.isConnect() && r.status() == 200, 3, Duration.ofSeconds(10));
        assertThat(tunnels).extracting(r -> r.user().orElse("-"))
                .containsExactly(realm.principal("alice"), realm.principal("bob"), realm.principal("alice"));
    }

    @Test
    void aPrincipalTheKdcDoesNotKnowFailsItsLoginNamingKerberosAndThePrincipal() {
        Path keytab = realm.keytabOfUnknownPrincipal("mallory");
        ProxyAuthenticator negotiate = negotiate("localhost", squid.port(),
                KerberosLogin.ofKeytab(realm.principal("mallory"), keytab));
        assertThatThrownBy(() -> negotiate.respond(challenge())).isInstanceOf(ProxyAuthFailure.class)
                .hasMessageContaining("Kerberos login of " + realm.principal("mallory") + " with keytab " + keytab)
                .hasMessageContaining("not found in Kerberos database");
    }

    @Test
    void aKeytabRemovedAfterTheBootFailsTheLoginAtTheAttempt() throws Exception {
        Path copy = Files.copy(alice, alice.resolveSibling("alice-copy.keytab"));
        ProxyAuthenticator negotiate = negotiate("localhost", squid.port(),
                KerberosLogin.ofKeytab(realm.principal("alice"), copy));
        Files.delete(copy);
        assertThatThrownBy(() -> negotiate.respond(challenge())).isInstanceOf(ProxyAuthFailure.class)
                .hasMessageStartingWith("Negotiate: the Kerberos login of " + realm.principal("alice"));
    }

    @Test
    void aProxyNameWithoutServicePrincipalAtTheKdcFailsNamingTheService() {
        // HTTP/localhost.localdomain exists nowhere: the KDC cannot issue a ticket for it.
        ProxyAuthenticator negotiate = negotiate("localhost.localdomain", squid.port(),
                KerberosLogin.ofKeytab(realm.principal("alice"), alice));
        assertThatThrownBy(() -> negotiate.respond(challenge())).isInstanceOf(ProxyAuthFailure.class)
                .hasMessageContaining("no Kerberos ticket for HTTP@localhost.localdomain as "
                        + realm.principal("alice"));
    }

    @Test
    void aProxyThatCannotReadTheTicketChallengesAgainAndTheSchemeHasNothingMoreToSend() throws Exception {
        ProxyAuthenticator negotiate = negotiate("127.0.0.1", staleSquid.port(),
                KerberosLogin.ofKeytab(realm.principal("alice"), alice));
        try (ProxyConnectClient client = new ProxyConnectClient(staleSquid.port())) {
            client.connect(target(), null);
            String refused = client.connect(target(), negotiate.respond(challenge()).orElseThrow());
            assertThat(refused).startsWith("HTTP/1.1 407").contains("Proxy-Authenticate: Negotiate\r\n");
            assertThat(negotiate.respond(challenge())).isEmpty();
        }
    }

    @Test
    void anUnreadableOrNonBase64AnswerOfTheProxyEndsTheExchangeWithAFailureAndNothingMoreIsSent() throws Exception {
        KerberosLogin login = KerberosLogin.ofKeytab(realm.principal("alice"), alice);
        ProxyAuthenticator garbled = negotiate("localhost", squid.port(), login);
        garbled.respond(challenge()).orElseThrow();
        assertThatThrownBy(() -> garbled.respond(new ProxyChallenge("Negotiate", Optional.of("AAAAAAAA"), Map.of())))
                .isInstanceOf(ProxyAuthFailure.class)
                .hasMessageStartingWith("Negotiate: the proxy's answer to the Kerberos ticket for HTTP@localhost as "
                        + realm.principal("alice"));
        assertThat(garbled.respond(challenge())).isEmpty();

        ProxyAuthenticator notBase64 = negotiate("localhost", squid.port(), login);
        notBase64.respond(challenge()).orElseThrow();
        assertThatThrownBy(() -> notBase64.respond(new ProxyChallenge("Negotiate", Optional.of("%%%"), Map.of())))
                .isInstanceOf(ProxyAuthFailure.class).hasMessage("Negotiate: the proxy's token is not base64");
    }

    private static ProxyAuthenticator negotiate(String host, int port, KerberosLogin login) {
        ProxyConfig proxy = new ProxyConfig(host, port, Optional.empty()).withKerberos(Optional.of(login));
        ProxyAuthenticator authenticator = ProxyAuthenticators.create(ProxyAuthScheme.NEGOTIATE,
                new ProxyAuthContext("ari", proxy, target())).orElseThrow();
        assertThat(authenticator.connectionBound()).isTrue();
        assertThat(authenticator.preemptive()).isEmpty();
        return authenticator;
    }

    private static ProxyChallenge challenge() {
        return new ProxyChallenge("Negotiate", Optional.empty(), Map.of());
    }

    private static String target() {
        return "127.0.0.1:" + target.getLocalPort();
    }
}
