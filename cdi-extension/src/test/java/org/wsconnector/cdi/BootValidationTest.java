package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.FILE_NOT_FOUND;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.INVALID_PROXY_ADDRESS;
import static org.wsconnector.ConfigProblemCode.INVALID_URI;
import static org.wsconnector.ConfigProblemCode.MISSING_KEY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNCONFIGURED_CLIENT;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNQUALIFIED_INJECTION_POINT;
import static org.wsconnector.ConfigProblemCode.UNREADABLE_PEM;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;
import static org.wsconnector.ConfigProblemCode.WRONG_STORE_PASSWORD;
import static org.wsconnector.cdi.BootFailures.configurationFailure;

/** Boots Weld with in-memory configuration; problems are asserted by code, client and key, never by their text. */
class BootValidationTest {
    @TempDir
    Path dir;

    @ApplicationScoped
    static class NeedsMissingClient {
        @Inject
        @WebSocketClient("billing")
        ManagedWebSocket billing;
    }

    @ApplicationScoped
    static class NeedsAClientWithoutSayingWhich {
        @Inject
        ManagedWebSocket someClient;
    }

    /** (client, key relative to the client's prefix, code) of each problem. */
    private static List<Tuple> problemsOf(ConfigurationException failure) {
        return failure.problems().stream().map(problem -> tuple(problem.client().orElse(null),
                problem.key().map(key -> key.substring(key.indexOf('.', "websocket.client.".length()) + 1))
                        .orElse(null), problem.code())).toList();
    }

    @Test
    void oneBootWithSeveralMistakesReportsAllOfThemEachNamingClientKeyValueAndWhatIsAllowed() {
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.ari.uri", "https://pbx.example.com/ari");
        properties.put("websocket.client.ari.connection-timeout", "10");
        properties.put("websocket.client.ari.conection-timeout", "5s");
        properties.put("websocket.client.ari.headers.X-Tenant", "a\r\nInjected: yes");
        properties.put("websocket.client.feed.uri", "wss://feed.example.com/stream");
        properties.put("websocket.client.feed.proxy.host", "proxy.corp.example");
        properties.put("websocket.client.feed.proxy.username", "svc");
        properties.put("websocket.client.feed.proxy.password", "s3cr3t-proxy");
        properties.put("websocket.client.feed.tls.trust-store", dir.resolve("missing.p12").toString());
        properties.put("websocket.client.feed.tls.trust-store-password", "s3cr3t-store");
        properties.put("websocket.client.feed.reconnect.jitter", "1.5");

        ConfigurationException failure = configurationFailure(properties, NeedsMissingClient.class);

        assertThat(problemsOf(failure)).containsExactlyInAnyOrder(
                tuple("ari", "uri", INVALID_URI),
                tuple("ari", "connection-timeout", INVALID_DURATION),
                tuple("ari", "conection-timeout", UNKNOWN_KEY),
                tuple("ari", "headers.X-Tenant", FORBIDDEN_CHARACTER),
                tuple("feed", "proxy.host", INVALID_PROXY_ADDRESS),
                tuple("feed", "tls.trust-store", FILE_NOT_FOUND),
                tuple("feed", "reconnect.jitter", OUT_OF_RANGE),
                tuple("billing", "uri", UNCONFIGURED_CLIENT));
        assertThat(failure.problems()).allSatisfy(problem -> assertThat(problem.line())
                .startsWith(problem.code().id() + ": client '" + problem.client().orElseThrow() + "'")
                .contains(problem.key().orElseThrow()));
        assertThat(failure.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void oneBootReportsTheValuesAndTheTlsMaterialOfEveryClientTogether() {
        TestCertificates certs = TestCertificates.generate(dir, "right-password".toCharArray());
        Map<String, String> properties = Map.of(
                "websocket.client.ari.uri", "wss://127.0.0.1:9/ari",
                "websocket.client.ari.reconnect.interval", "500",
                "websocket.client.ari.tls.trust-store", certs.caTrustStore().toString(),
                "websocket.client.ari.tls.trust-store-password", "wrong-password",
                "websocket.client.feed.ping.interval", "20s");

        ConfigurationException failure = configurationFailure(properties);

        assertThat(problemsOf(failure)).containsExactly(
                tuple("ari", "reconnect.interval", INVALID_DURATION),
                tuple("ari", "tls.trust-store-password", WRONG_STORE_PASSWORD),
                tuple("feed", "uri", MISSING_KEY));
        assertThat(failure.clients()).containsExactly("ari", "feed");
        assertThat(failure.client()).isEmpty();
        assertThat(failure.getMessage()).startsWith("3 ws-connector configuration problem(s):")
                .doesNotContain("wrong-password");
    }

    @Test
    void aWrongStorePasswordIsABootErrorThatNamesThePasswordKeyButNotThePassword() {
        TestCertificates certs = TestCertificates.generate(dir, "right-password".toCharArray());
        Map<String, String> properties = Map.of(
                "websocket.client.feed.uri", "wss://127.0.0.1:9/stream",
                "websocket.client.feed.tls.trust-store", certs.caTrustStore().toString(),
                "websocket.client.feed.tls.trust-store-password", "wrong-password");

        ConfigurationException failure = configurationFailure(properties);

        assertThat(problemsOf(failure))
                .containsExactly(tuple("feed", "tls.trust-store-password", WRONG_STORE_PASSWORD));
        assertThat(failure.client()).isEqualTo("feed");
        assertThat(failure.getMessage()).doesNotContain("wrong-password");
    }

    @Test
    void aPemKeyThatIsNotPkcs8IsABootErrorSayingHowToConvertIt() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "pw".toCharArray());
        Path rsaKey = dir.resolve("legacy.key");
        Files.writeString(rsaKey, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Map<String, String> properties = Map.of(
                "websocket.client.feed.uri", "wss://127.0.0.1:9/stream",
                "websocket.client.feed.tls.cert-file", certs.client().pemFile().toString(),
                "websocket.client.feed.tls.key-file", rsaKey.toString());

        ConfigurationException failure = configurationFailure(properties);

        assertThat(problemsOf(failure)).containsExactly(tuple("feed", "tls.key-file", UNREADABLE_PEM));
        assertThat(failure.problems().get(0).message()).contains("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void anUnresolvableExpressionIsReportedAsSuchNeverAsAMissingKeyOrAMissingCompanion() {
        Map<String, String> properties = Map.of(
                "websocket.client.ari.uri", "wss://${WS_CONNECTOR_TEST_UNSET_HOST}/ari",
                "websocket.client.ari.username", "billing",
                "websocket.client.ari.password", "${WS_CONNECTOR_TEST_UNSET_PASSWORD}",
                "websocket.client.ari.ping.interval", "${WS_CONNECTOR_TEST_UNSET_PING:20s}");

        ConfigurationException failure = configurationFailure(properties);

        assertThat(problemsOf(failure)).containsExactly(
                tuple("ari", "password", UNRESOLVABLE_VALUE),
                tuple("ari", "uri", UNRESOLVABLE_VALUE));
        assertThat(failure.getMessage()).contains("${WS_CONNECTOR_TEST_UNSET_HOST}",
                "${WS_CONNECTOR_TEST_UNSET_PASSWORD}");
    }

    @Test
    void aMissingUriIsReportedForAClientThatOnlyHasOtherKeys() {
        Map<String, String> properties = Map.of("websocket.client.ari.ping.interval", "20s");

        assertThat(problemsOf(configurationFailure(properties))).containsExactly(tuple("ari", "uri", MISSING_KEY));
    }

    @Test
    void anInjectedClientWithProblemsOfItsOwnIsNotAlsoReportedAsUnconfigured() {
        Map<String, String> properties = Map.of("websocket.client.billing.uri", "http://billing.example.com/");

        ConfigurationException failure = configurationFailure(properties, NeedsMissingClient.class);

        assertThat(problemsOf(failure)).containsExactly(tuple("billing", "uri", INVALID_URI));
    }

    @Test
    void anInjectionPointWithoutAClientNameIsADefinitionErrorOfNoClient() {
        ConfigurationException failure = configurationFailure(Map.of(), NeedsAClientWithoutSayingWhich.class);

        assertThat(failure.problems()).extracting(ConfigProblem::code, ConfigProblem::client, ConfigProblem::key)
                .containsExactly(tuple(UNQUALIFIED_INJECTION_POINT, Optional.empty(),
                        Optional.empty()));
    }

    @Test
    void aValidConfigurationBootsWithoutInjectionPoints() {
        Map<String, String> properties = Map.of(
                "websocket.client.lazy.uri", "ws://127.0.0.1:9/never",
                "websocket.client.lazy.connection-type", "on-demand");

        try (WeldBoot boot = WeldBoot.start(properties)) {
            ManagedWebSocket lazy = boot.container().select(ManagedWebSocket.class, WebSocketClient.Literal.of("lazy"))
                    .get();
            assertThat(lazy.name()).isEqualTo("lazy");
            assertThat(lazy.state()).isEqualTo(org.wsconnector.ConnectionState.CLOSED);
        }
    }
}
