package org.wsconnector.impl;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.testbed.TestCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.MISSING_KEY;
import static org.wsconnector.ConfigProblemCode.NO_PRIVATE_KEY;
import static org.wsconnector.ConfigProblemCode.UNREADABLE_PEM;
import static org.wsconnector.ConfigProblemCode.UNREADABLE_STORE;
import static org.wsconnector.ConfigProblemCode.WRONG_STORE_PASSWORD;
import static org.wsconnector.impl.SharedCertificates.PASSWORD;

/** TLS material is read at boot with the values: every problem of both, for every client, in one collection. */
class ConnectorConfigurationTest {
    private static final String WRONG_PASSWORD = "not-the-password";
    private static final String FEED = "websocket.client.feed.";

    @TempDir
    static Path dir;

    private final ConfigProblems problems = new ConfigProblems();

    private static Path garbage(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path notAStore() {
        return garbage("not-a-store.p12", "this is not a key store\n");
    }

    private static Path pkcs1Key() {
        return garbage("legacy.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    }

    private ConnectorConfiguration read(Map<String, String> feedKeys) {
        Map<String, String> properties = new HashMap<>();
        feedKeys.forEach((key, value) -> properties.put(FEED + key, value));
        return ConnectorConfiguration.read(properties, problems);
    }

    private List<Tuple> problemsFound() {
        return problems.problems().stream().map(found -> tuple(found.key().orElseThrow()
                .substring(FEED.length()), found.code())).toList();
    }

    static Stream<Arguments> unusableMaterial() {
        return Stream.of(
                material("a wrong trust-store password", "tls.trust-store-password", WRONG_STORE_PASSWORD,
                        certs -> Map.of("tls.trust-store", certs.caTrustStore().toString(),
                                "tls.trust-store-password", WRONG_PASSWORD)),
                material("a wrong key-store password", "tls.key-store-password", WRONG_STORE_PASSWORD,
                        certs -> Map.of("tls.key-store", certs.client().keyStore().toString(),
                                "tls.key-store-password", WRONG_PASSWORD)),
                material("a trust store that is no store", "tls.trust-store", UNREADABLE_STORE,
                        certs -> Map.of("tls.trust-store", notAStore().toString(),
                                "tls.trust-store-password", PASSWORD)),
                material("a trust store given as key store", "tls.key-store", NO_PRIVATE_KEY,
                        certs -> Map.of("tls.key-store", certs.caTrustStore().toString(),
                                "tls.key-store-password", PASSWORD)),
                material("a CA file that is no PEM", "tls.ca-file", UNREADABLE_PEM,
                        certs -> Map.of("tls.ca-file", notAStore().toString())),
                material("a PKCS#1 client key", "tls.key-file", UNREADABLE_PEM,
                        certs -> Map.of("tls.cert-file", certs.client().pemFile().toString(),
                                "tls.key-file", pkcs1Key().toString())));
    }

    private static Arguments material(String name, String key, ConfigProblemCode code,
                                      Function<TestCertificates, Map<String, String>> tlsKeys) {
        return Arguments.of(name, key, code, tlsKeys);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableMaterial")
    void unusableTlsMaterialIsOneProblemOnTheKeyToFixWithoutShowingThePassword(String name, String key,
            ConfigProblemCode code, Function<TestCertificates, Map<String, String>> tlsKeys) {
        Map<String, String> keys = new HashMap<>(tlsKeys.apply(SharedCertificates.get()));
        keys.put("uri", "wss://127.0.0.1:9/stream");
        ConnectorConfiguration configuration = read(keys);

        assertThat(problemsFound()).containsExactly(tuple(key, code));
        assertThat(problems.messages()).noneMatch(line -> line.contains(WRONG_PASSWORD));
        assertThat(configuration.clients()).isEmpty();
        assertThat(configuration.tlsContexts()).isEmpty();
    }

    @Test
    void aClientWithBadValuesHasItsTrustAndKeyStoresCheckedTooEachOnItsOwn() {
        TestCertificates certs = SharedCertificates.get();
        read(Map.of("uri", "wss://127.0.0.1:9/stream", "reconnect.interval", "500",
                "tls.trust-store", certs.caTrustStore().toString(), "tls.trust-store-password", WRONG_PASSWORD,
                "tls.key-store", notAStore().toString(), "tls.key-store-password", PASSWORD));

        assertThat(problemsFound()).containsExactlyInAnyOrder(
                tuple("reconnect.interval", INVALID_DURATION),
                tuple("tls.trust-store-password", WRONG_STORE_PASSWORD),
                tuple("tls.key-store", UNREADABLE_STORE));
    }

    @Test
    void bothPemFilesOfAClientCertificateAreChecked() {
        read(Map.of("uri", "wss://127.0.0.1:9/stream", "tls.cert-file", notAStore().toString(),
                "tls.key-file", pkcs1Key().toString()));

        assertThat(problemsFound()).containsExactlyInAnyOrder(
                tuple("tls.cert-file", UNREADABLE_PEM),
                tuple("tls.key-file", UNREADABLE_PEM));
    }

    @Test
    void theStoresOfAClientWithoutItsUriAreCheckedAllTheSame() {
        read(Map.of("tls.trust-store", SharedCertificates.get().caTrustStore().toString(),
                "tls.trust-store-password", WRONG_PASSWORD));

        assertThat(problemsFound()).containsExactlyInAnyOrder(
                tuple("uri", MISSING_KEY),
                tuple("tls.trust-store-password", WRONG_STORE_PASSWORD));
    }

    @Test
    void aWssClientWithGoodMaterialIsKeptWithItsTlsContext() {
        TestCertificates certs = SharedCertificates.get();
        ConnectorConfiguration configuration = read(Map.of("uri", "wss://127.0.0.1:9/stream",
                "tls.trust-store", certs.caTrustStore().toString(), "tls.trust-store-password", PASSWORD,
                "tls.cert-file", certs.client().chainPemFile().toString(),
                "tls.key-file", certs.client().privateKeyPemFile().toString()));

        assertThat(problems.problems()).isEmpty();
        assertThat(configuration.clients()).containsOnlyKeys("feed");
        assertThat(configuration.tlsContexts()).containsOnlyKeys("feed");
    }
}
