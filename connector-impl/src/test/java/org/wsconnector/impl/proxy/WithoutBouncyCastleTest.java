package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.config.ClientConfigReader;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.config.OptionalLibrary;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.Squid;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;
import static org.wsconnector.impl.proxy.SquidRefusalTest.failOnce;

/**
 * Bouncy Castle is optional: only NTLM needs it (MD4). Runs in surefire's execution {@code without-bcprov}, whose
 * class path lacks it. Naming {@code ntlm} in {@code proxy.auth-schemes} is then a boot error naming the artifact;
 * with the default schemes, a real squid that offers only NTLM is a {@link ProxyAuthenticationException} that names
 * it, and one that offers NTLM and Basic is passed with Basic. Never a {@link NoClassDefFoundError}.
 */
class WithoutBouncyCastleTest {
    static final String USER = "svc-nobc";
    static final String PASSWORD = "No-Bc-Pa55-4e1";

    static EchoServer server;
    static Squid ntlmOnly;
    static Squid ntlmAndBasic;

    @BeforeAll
    static void start() {
        if (!Boolean.getBoolean("wsconnector.test.bcprovAbsent")) {
            return;
        }
        server = EchoServer.builder().start();
        ntlmOnly = Squid.builder().ntlmFakeAuth().start();
        ntlmAndBasic = Squid.builder().basicAuth(USER, PASSWORD).ntlmFakeAuth().start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {ntlmOnly, ntlmAndBasic, server}) {
            if (started != null) {
                started.close();
            }
        }
    }

    @BeforeEach
    void onlyWhereTheBuildRemovedBouncyCastle() {
        assumeThat(Boolean.getBoolean("wsconnector.test.bcprovAbsent"))
                .as("run by the surefire execution without-bcprov").isTrue();
        assertThat(catchThrowable(() -> Class.forName("org.bouncycastle.crypto.digests.MD4Digest")))
                .as("this execution's class path has no Bouncy Castle").isInstanceOf(ClassNotFoundException.class);
        assertThat(OptionalLibrary.BOUNCY_CASTLE.present()).isFalse();
    }

    @Test
    void ntlmNamedInTheAllowListIsABootErrorThatSaysWhatToAdd() {
        Map<String, String> properties = new LinkedHashMap<>();
        keys(ntlmOnly).forEach((key, value) -> properties.put("websocket.client.proxied." + key, value));
        properties.put("websocket.client.proxied.proxy.auth-schemes", "ntlm,basic");
        ConfigProblems problems = new ConfigProblems();

        ClientConfigReader.read(properties, problems);

        assertThat(problems.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ConfigProblemCode.MISSING_LIBRARY);
            assertThat(problem.client()).hasValue("proxied");
            assertThat(problem.line()).contains("WSCFG0220").contains("proxy.auth-schemes").contains("ntlm,basic")
                    .contains("org.bouncycastle:bcprov-jdk18on").doesNotContain(PASSWORD);
        });
        assertThat(catchThrowable(problems::throwIfAny)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aProxyOfferingOnlyNtlmFailsNamingTheMissingLibrary() {
        ProxyAuthenticationException failure = failOnce(keys(ntlmOnly), ProxyAuthenticationException.class);

        assertThat(failure.getMessage()).contains("it offers NTLM")
                .contains("NTLM needs org.bouncycastle:bcprov-jdk18on").doesNotContain(PASSWORD);
        assertThat(failure.credentialsSent()).as("the preemptive Basic went out").isTrue();
    }

    @Test
    void aProxyOfferingNtlmAndBasicIsPassedWithBasic() throws Exception {
        Map<String, String> keys = keys(ntlmAndBasic);
        keys.put("proxy.auth-preemptive", "false");
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().awaitOpen(Duration.ofSeconds(15));
            client.echo("basic, for want of MD4");
        }
        String target = "127.0.0.1:" + server.port();
        assertThat(ntlmAndBasic.awaitAccess(r -> r.isTunnel() && r.target().equals(target), 1, Duration.ofSeconds(30)))
                .last().satisfies(tunnel -> assertThat(tunnel.user()).hasValue(USER));
    }

    private static Map<String, String> keys(Squid squid) {
        Map<String, String> keys = proxiedKeys(server.uri().toString(), squid.hostAndPort());
        keys.put("proxy.username", USER);
        keys.put("proxy.password", PASSWORD);
        return keys;
    }
}
