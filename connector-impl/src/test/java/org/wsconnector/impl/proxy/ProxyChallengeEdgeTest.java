package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.ConnectProxy;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.MisbehavingProxy;
import org.wsconnector.testbed.ProxyAccessRecord;
import org.wsconnector.testbed.ScriptedReply;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;
import static org.wsconnector.impl.proxy.SquidRefusalTest.failOnce;

/**
 * What squid 5.7 cannot be made to do, against the testbed's real-socket proxies: Digest with SHA-256 and with a
 * nonce that goes stale (ConnectProxy, which closes the connection after each 407, so every round also proves the
 * reconnect), a proxy that challenges forever on one connection, and a proxy that answers 401 instead of 407.
 */
class ProxyChallengeEdgeTest {
    static final String USER = "svc-edge";
    static final String PASSWORD = "Edge-Pa55-3b7";
    /** Where the tunnels that never open lead: no server needed behind a proxy that refuses. */
    static final String NOWHERE = "ws://127.0.0.1:1/never";

    @ParameterizedTest(name = "Digest {0}")
    @ValueSource(strings = {"SHA-256", "MD5"})
    void digestWithAStaleNonceIsAnsweredOnceMoreOnANewConnection(String algorithm) throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectProxy proxy = ConnectProxy.builder().requireDigestAuth(USER, PASSWORD, algorithm)
                     .staleDigestAnswers(1).start();
             ConnectorUnderTest client = proxied(keys(server.uri().toString(), proxy.port()))) {
            client.connection().awaitOpen(Duration.ofSeconds(10));
            client.echo("digest " + algorithm);
            assertThat(proxy.accessLog()).extracting(ProxyAccessRecord::status).containsExactly(407, 407, 200);
            assertThat(proxy.accessLog()).extracting(ProxyAccessRecord::proxyAuthorizationPresent)
                    .containsExactly(false, true, true);
            assertThat(server.connections()).singleElement().satisfies(c ->
                    assertThat(c.requestHeaders()).doesNotContainKey("Proxy-Authorization"));
        }
    }

    @Test
    void aNonceStaleTwiceIsARefusalNotALoop() {
        try (ConnectProxy proxy = ConnectProxy.builder().requireDigestAuth(USER, PASSWORD, "SHA-256")
                .staleDigestAnswers(2).start()) {
            ProxyAuthenticationException failure = failOnce(keys(NOWHERE, proxy.port()),
                    ProxyAuthenticationException.class);
            assertThat(failure.credentialsSent()).isTrue();
            assertThat(failure.getMessage()).contains("were sent and refused (Digest)");
            assertThat(proxy.accessLog()).extracting(ProxyAccessRecord::status).containsExactly(407, 407, 407);
        }
    }

    @Test
    void aProxyThatChallengesForeverOnOneConnectionEndsInABoundedError() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.challengeForever(
                "Digest realm=\"r\", nonce=\"same\", qop=\"auth\", stale=true"))) {
            Map<String, String> keys = keys(NOWHERE, proxy.port());
            keys.put("proxy.auth-preemptive", "true");
            ProxyAuthenticationException failure = failOnce(keys, ProxyAuthenticationException.class);
            assertThat(failure.credentialsSent()).isTrue();
            assertThat(failure.getMessage()).contains("were sent and refused (Digest)");
            // Preemptive Basic, Digest, Digest once more for stale=true: three requests, all on one connection.
            assertThat(proxy.challengesSent()).isEqualTo(3);
            assertThat(proxy.acceptedCount()).isEqualTo(1);
            proxy.awaitAllClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void aProxyThatClosesTheConnectionInTheMiddleOfNtlmEndsTheAttemptInsteadOfStartingOver() {
        byte[] reply = ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: NTLM\r\n"
                + "Connection: close\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.scripted(
                n -> new ScriptedReply(List.of(reply), Duration.ZERO, false)))) {
            ProxyAuthenticationException failure = failOnce(keys(NOWHERE, proxy.port()),
                    ProxyAuthenticationException.class);
            assertThat(failure.getMessage()).contains("closed the connection in the middle of the NTLM handshake");
            assertThat(proxy.acceptedCount()).as("no second connection for NTLM").isEqualTo(1);
        }
    }

    @Test
    void aProxyAnswering401ToSentCredentialsIsAProxyAuthenticationError() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.status(401, "Unauthorized",
                "HTTP/1.0"))) {
            Map<String, String> keys = keys(NOWHERE, proxy.port());
            keys.put("proxy.auth-preemptive", "true"); // the credentials go with the first CONNECT
            ProxyAuthenticationException failure = failOnce(keys, ProxyAuthenticationException.class);
            assertThat(failure.credentialsSent()).isTrue();
            assertThat(failure.statusLine()).contains("HTTP/1.0 401 Unauthorized");
            assertThat(failure.getMessage()).contains("refused the configured proxy.username/proxy.password")
                    .contains("the credentials were sent and refused").doesNotContain(PASSWORD);
        }
    }

    @Test
    void aProxyAnswering401WithoutCredentialsIsAPlainRefusal() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.status(401, "Unauthorized",
                "HTTP/1.0"))) {
            Map<String, String> keys = proxiedKeys(NOWHERE, "127.0.0.1:" + proxy.port());
            ProxyException failure = failOnce(keys, ProxyException.class);
            assertThat(failure).isNotInstanceOf(ProxyAuthenticationException.class);
            assertThat(failure.getMessage()).contains("refused the tunnel (HTTP/1.0 401 Unauthorized)");
        }
    }

    private static Map<String, String> keys(String uri, int proxyPort) {
        Map<String, String> keys = proxiedKeys(uri, "127.0.0.1:" + proxyPort);
        keys.put("proxy.username", USER);
        keys.put("proxy.password", PASSWORD);
        keys.put("proxy.auth-preemptive", "false");
        return keys;
    }
}
