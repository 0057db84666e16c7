package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.ClientConfig;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.INVALID_NO_PROXY;
import static org.wsconnector.ConfigProblemCode.INVALID_PROXY_ADDRESS;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNEXPECTED_FAILURE;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;

/**
 * The values of the issue "Hostile and mistaken input" (found by fuzzing): each is one problem with its code — never
 * an exception, never a client the engine cannot run — and no message shows a secret or a raw control character.
 */
class HostileValuesTest {
    private final ConfigProblems problems = new ConfigProblems();

    private Map<String, ClientConfig> read(Map<String, String> unresolved, String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.c.uri", "wss://127.0.0.1:9/");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("websocket.client.c." + keyValues[i], keyValues[i + 1]);
        }
        return ClientConfigReader.read(properties, unresolved, problems);
    }

    private Map<String, ClientConfig> read(String... keyValues) {
        return read(Map.of(), keyValues);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "reconnect.interval|9999999999999999h",
            "tcp-keepalive.interval|9999999999999999s",
            "connection-timeout|9999999999999999s",
            "connection-timeout|99999999999999999999999999999ms",
            "close-timeout|99999h",
            "write-timeout|P106751991167300D",
            "ping.interval|PT0.0001S",
            "ping.interval|9999999999999999h",
            "reconnect.interval|PT0.0001S",
            "reconnect.interval|-PT1S",
            "tcp-keepalive.idle|PT0.0001S",
            "tcp-keepalive.idle|PT1.5S",
            "max-message-size|17179869185GiB",
            "delivery.max-queued-bytes|99999999999999999999",
            "ping.probes|99999999999999999999",
            "reconnect.attempts|-1",
            "tcp-keepalive.probes|128",
            "uri|ws://127.0.0.1:99999/",
            "proxy.host|proxy:99999",
            "reconnect.multiplier|NaN"})
    void aValueBeyondItsRangeIsOneProblemAndNoClient(String key, String value) {
        Map<String, ClientConfig> clients = read(key, value);

        assertThat(problems.problems()).extracting(problem -> problem.key().orElseThrow(), problem -> problem.code())
                .containsExactly(tuple("websocket.client.c." + key, key.equals("reconnect.multiplier")
                        ? ConfigProblemCode.INVALID_NUMBER : OUT_OF_RANGE));
        assertThat(clients).isEmpty();
    }

    @Test
    void aHugeIsoIntervalWithASmallMaxIntervalIsOneProblemNotAnOverflowWhileFormatting() {
        read("reconnect.interval", "P106751991167300D", "reconnect.max-interval", "10s");

        assertThat(problems.problems()).extracting(problem -> problem.key().orElseThrow(), problem -> problem.code())
                .containsExactly(tuple("websocket.client.c.reconnect.interval", OUT_OF_RANGE));
    }

    @Test
    void aNulInATlsPathIsAForbiddenCharacterNotAnInvalidPathException() {
        read("tls.ca-file", "/etc/ca\0.pem");

        assertThat(problems.problems()).extracting(problem -> problem.code()).containsExactly(FORBIDDEN_CHARACTER);
        assertThat(problems.messages()).singleElement().asString().contains("/etc/ca\\x00.pem").doesNotContain("\0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ho st:80", "proxy\r\n:80", "pro\u0000xy:80", "proxy:+80", "[::1 ]:80", "[zz]:80"})
    void aProxyHostWithSpacesControlCharactersOrASignedPortIsRefused(String value) {
        read("proxy.host", value);

        assertThat(problems.problems()).extracting(problem -> problem.code()).containsExactly(INVALID_PROXY_ADDRESS);
        assertThat(problems.messages()).singleElement().asString().doesNotContain("\r", "\n", "\0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"co\u0000rp.example", "corp.exam\u0007ple", "[::1]:80", "\u202Eexample.com",
            "corp.example/24", "http://corp.example", "%2e.example"})
    void aNoProxyEntryThatIsNoHostSuffixLiteralOrBlockIsRefusedAndShownEscaped(String value) {
        read("proxy.host", "proxy.corp.example:3128", "proxy.no-proxy", value);

        assertThat(problems.problems()).extracting(problem -> problem.code()).containsExactly(INVALID_NO_PROXY);
        assertThat(problems.messages()).singleElement().asString().doesNotContain("\0", "\u0007");
    }

    @ParameterizedTest
    @ValueSource(strings = {"envi\u0000ronment", "jvm\r\nnone", "environment;none", "\u202Ejvm", "config,none",
            "none,none"})
    void aHostileProxySourceIsAnUnknownValueShownEscaped(String value) {
        read("proxy.source", value);

        assertThat(problems.problems()).extracting(problem -> problem.code()).containsExactly(UNKNOWN_VALUE);
        assertThat(problems.messages()).singleElement().asString().doesNotContain("\0", "\r", "\n");
    }

    @Test
    void anUnresolvableProxyIsAProblemNamingTheExpressionAndNeverAClientWithoutItsProxy() {
        Map<String, ClientConfig> clients = read(Map.of("websocket.client.c.proxy.host", "${CORP_PROXY}"),
                "proxy.username", "svc", "proxy.password", "s3cr3t");

        assertThat(clients).isEmpty();
        assertThat(problems.problems()).extracting(problem -> problem.key().orElseThrow(), problem -> problem.code())
                .containsExactly(tuple("websocket.client.c.proxy.host", UNRESOLVABLE_VALUE));
        assertThat(problems.messages()).singleElement().asString().contains("${CORP_PROXY}");
    }

    @Test
    void anUnresolvableUriIsNotReportedAsMissing() {
        Map<String, String> properties = Map.of("websocket.client.c.ping.interval", "20s");

        ClientConfigReader.read(properties, Map.of("websocket.client.c.uri", "wss://${PBX_HOST}/ari"), problems);

        assertThat(problems.problems()).extracting(problem -> problem.key().orElseThrow(), problem -> problem.code())
                .containsExactly(tuple("websocket.client.c.uri", UNRESOLVABLE_VALUE));
    }

    @Test
    void anUnresolvablePasswordNamesItsExpressionButNotTheRestOfTheValue() {
        read(Map.of("websocket.client.c.password", "hunter2${SUFFIX}"), "username", "svc");

        assertThat(problems.problems()).extracting(problem -> problem.code()).containsExactly(UNRESOLVABLE_VALUE);
        assertThat(problems.messages()).singleElement().asString().contains("${SUFFIX}", "'****'")
                .doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pasword", "passwd", "PASSWORD", "password ", "Password", "proxy.pasword", "proxy.pwd",
            "tls.key-store-passwd", "tls.trust-store-pass", "api-token", "client-secret", "passwrod", "secert",
            "credentials", "pw"})
    void aValueUnderAKeyThatResemblesASecretKeyIsMasked(String key) {
        read(key, "hunter2");

        assertThat(problems.problems()).extracting(problem -> problem.code()).contains(UNKNOWN_KEY);
        assertThat(problems.messages()).isNotEmpty().allSatisfy(line -> assertThat(line).doesNotContain("hunter2"));
    }

    @Test
    void onlyThePasswordKeysAmongTheKnownOnesResembleSecrets() {
        assertThat(ClientKeys.ALL).filteredOn(SecretKeys::resemblesSecret).containsExactlyInAnyOrder(
                "password", "proxy.password", "tls.trust-store-password", "tls.key-store-password",
                "proxy.tls.trust-store-password");
    }

    @Test
    void controlCharactersInKeysAndValuesAreEscapedAndLongValuesCut() {
        read("connection-timeout", "10\r\nWSCFG0000: forged line", "conection\u001b[31m-timeout", "5s",
                "protocols", "x".repeat(5000) + " y");

        assertThat(problems.messages()).hasSize(3).allSatisfy(line -> {
            assertThat(line).doesNotContain("\r", "\n", "\u001b").hasSizeLessThan(1000);
        });
        assertThat(problems.messages()).anySatisfy(line -> assertThat(line).contains("10\\x0D\\x0AWSCFG0000"));
    }

    @Test
    void anUnforeseenFailureWhileReadingIsAProblemNamingTheKeyWithItsValueMaskedNotAnException() {
        ClientValues values = new ClientValues("c", Map.of("uri", "ws://h/", "pasword", "hunter2"), Map.of(),
                problems);

        ClientConfigReader.ClientReading reading = ClientConfigReader.guarded(values, read -> {
            read.raw("pasword");
            throw new ArithmeticException("long overflow");
        });

        assertThat(reading.config()).isEmpty();
        assertThat(problems.problems()).extracting(problem -> problem.key().orElseThrow(), problem -> problem.code())
                .containsExactly(tuple("websocket.client.c.pasword", UNEXPECTED_FAILURE));
        assertThat(problems.messages()).singleElement().asString().contains("'****'", "ArithmeticException")
                .doesNotContain("hunter2");
    }

    @Test
    void theUriOfAClientConfigShowsNoSecretQueryParameter() {
        ClientConfig config = ClientConfigReader.read(Map.of("websocket.client.c.uri",
                "wss://h.example/ari?app=billing&api_key=hunter2&access_token=hunter3"), problems).get("c");

        assertThat(config.uri()).isEqualTo(URI.create(
                "wss://h.example/ari?app=billing&api_key=hunter2&access_token=hunter3"));
        assertThat(config.toString()).contains("?app=billing&api_key=****&access_token=****")
                .doesNotContain("hunter");
    }

    @Test
    void anInvalidUriShowsNoSecretQueryParameterEither() {
        ClientConfigReader.read(Map.of("websocket.client.c.uri", "https://h.example/?token=hunter2"), problems);

        assertThat(problems.messages()).singleElement().asString().contains("?token=****").doesNotContain("hunter2");
    }
}
