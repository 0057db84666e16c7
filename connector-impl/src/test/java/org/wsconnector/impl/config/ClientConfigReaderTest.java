package org.wsconnector.impl.config;

import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.ProxyAuthScheme;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.wsconnector.ConfigProblemCode.CREDENTIALS_IN_URI;
import static org.wsconnector.ConfigProblemCode.IGNORED_KEYS;
import static org.wsconnector.ConfigProblemCode.INVALID_SIZE;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.RESERVED_HEADER;

class ClientConfigReaderTest {
    private final ConfigProblems problems = new ConfigProblems();

    private Map<String, ClientConfig> read(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("websocket.client." + keyValues[i], keyValues[i + 1]);
        }
        return ClientConfigReader.read(properties, problems);
    }

    /** Each problem as (full key, code): what a test asserts instead of the message text. */
    private ListAssert<Tuple> assertProblems() {
        return assertThat(problems.problems().stream()
                .map(problem -> tuple(problem.key().orElse(null), problem.code())).toList());
    }

    private static Tuple problem(String clientAndKey, ConfigProblemCode code) {
        return tuple("websocket.client." + clientAndKey, code);
    }

    @Test
    void aMinimalClientGetsTheDocumentedDefaults() {
        ClientConfig ari = read("ari.uri", "ws://pbx:8088/ari/events").get("ari");

        assertThat(problems.problems()).isEmpty();
        assertThat(ari.connectionType()).isEqualTo(ConnectionType.PERSISTENT);
        assertThat(ari.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ari.closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ari.reconnect().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(ari.reconnect().maxInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ari.reconnect().multiplier()).isEqualTo(2.0);
        assertThat(ari.reconnect().jitter()).isEqualTo(0.2);
        assertThat(ari.reconnect().maxAttempts()).isEmpty();
        assertThat(ari.tls()).isEmpty();
        assertThat(ari.proxy()).isEmpty();
        assertThat(ari.ping()).isEmpty();
        assertThat(ari.tcpKeepAlive()).isEmpty();
        assertThat(ari.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(ari.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ari.delivery().maxQueuedMessages()).isEqualTo(1000);
        assertThat(ari.delivery().maxQueuedBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(ari.sendBuffer()).as("off: sends while not open fail at once").isEmpty();
    }

    @Test
    void oneSendBufferKeyTurnsTheBufferOnAndTheOthersTakeTheirDefaults() {
        Map<String, ClientConfig> clients = read("ari.uri", "ws://pbx:8088/", "ari.send-buffer.max-age", "2s",
                "feed.uri", "ws://feed:80/", "feed.send-buffer.max-messages", "5",
                "feed.send-buffer.max-bytes", "8MiB");

        assertThat(problems.problems()).isEmpty();
        assertThat(clients.get("ari").sendBuffer()).hasValueSatisfying(buffer -> {
            assertThat(buffer.maxMessages()).isEqualTo(1000);
            assertThat(buffer.maxBytes()).isEqualTo(1024 * 1024);
            assertThat(buffer.maxAge()).isEqualTo(Duration.ofSeconds(2));
        });
        assertThat(clients.get("feed").sendBuffer()).hasValueSatisfying(buffer -> {
            assertThat(buffer.maxMessages()).isEqualTo(5);
            assertThat(buffer.maxBytes()).isEqualTo(8L * 1024 * 1024);
            assertThat(buffer.maxAge()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void sendBufferBoundsOutOfRangeAreRefused() {
        Map<String, ClientConfig> clients = read("a.uri", "ws://x:1/", "a.send-buffer.max-messages", "0",
                "a.send-buffer.max-bytes", "16MiB", "a.send-buffer.max-age", "5ms");

        assertThat(clients).isEmpty();
        assertProblems().containsExactlyInAnyOrder(
                problem("a.send-buffer.max-messages", OUT_OF_RANGE),
                problem("a.send-buffer.max-bytes", OUT_OF_RANGE),
                problem("a.send-buffer.max-age", OUT_OF_RANGE));
    }

    @Test
    void healthReadinessIsOnForPersistentClientsOffForOnDemandOnesAndEitherWayWhenSet() {
        Map<String, ClientConfig> clients = read("ari.uri", "ws://pbx:8088/", "lookup.uri", "ws://dir:80/",
                "lookup.connection-type", "on-demand", "audit.uri", "ws://audit:80/", "audit.health.readiness",
                "false", "feed.uri", "ws://feed:80/", "feed.connection-type", "on-demand", "feed.health.readiness",
                "TRUE");

        assertThat(problems.problems()).isEmpty();
        assertThat(clients.get("ari").healthReadiness()).isTrue();
        assertThat(clients.get("lookup").healthReadiness()).isFalse();
        assertThat(clients.get("audit").healthReadiness()).isFalse();
        assertThat(clients.get("feed").healthReadiness()).isTrue();
        assertThat(clients.get("audit").withoutSecrets().healthReadiness()).isFalse();
    }

    @Test
    void pingAndTcpKeepAliveSwitchedOnWithoutTuningGetTheirDocumentedDefaults() {
        ClientConfig ari = read("ari.uri", "ws://pbx:8088/", "ari.ping.enabled", "true",
                "ari.tcp-keepalive.enabled", "true").get("ari");

        assertThat(problems.problems()).isEmpty();
        assertThat(ari.ping()).hasValueSatisfying(ping -> {
            assertThat(ping.interval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(ping.probes()).isEqualTo(3);
        });
        assertThat(ari.tcpKeepAlive()).hasValueSatisfying(keepAlive -> {
            assertThat(keepAlive.idle()).isEqualTo(Duration.ofSeconds(20));
            assertThat(keepAlive.interval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(keepAlive.probes()).isEqualTo(3);
        });
    }

    @Test
    void sizesTakeBytesOrBinaryUnitsAndTheDeliveryLimitsAreRead() {
        ClientConfig feed = read("feed.uri", "ws://feed:80/", "feed.max-message-size", "64KiB",
                "feed.delivery.max-queued-bytes", "1048576", "feed.delivery.max-queued-messages", "10",
                "feed.write-timeout", "2s").get("feed");

        assertThat(problems.problems()).isEmpty();
        assertThat(feed.maxMessageSize()).isEqualTo(65_536);
        assertThat(feed.delivery().maxQueuedBytes()).isEqualTo(1_048_576);
        assertThat(feed.delivery().maxQueuedMessages()).isEqualTo(10);
        assertThat(feed.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sizesOutOfRangeAmbiguousOrNotNumbersAreRefusedNamingWhatIsAllowed() {
        Map<String, ClientConfig> clients = read("a.uri", "ws://x:1/", "a.max-message-size", "16MB",
                "a.delivery.max-queued-bytes", "2GiB", "a.delivery.max-queued-messages", "0", "b.uri", "ws://x:1/",
                "b.max-message-size", "lots");

        assertThat(clients).isEmpty();
        assertProblems().containsExactlyInAnyOrder(
                problem("a.max-message-size", INVALID_SIZE),
                problem("a.delivery.max-queued-bytes", OUT_OF_RANGE),
                problem("a.delivery.max-queued-messages", OUT_OF_RANGE),
                problem("b.max-message-size", INVALID_SIZE));
        assertThat(problems.problems()).extracting(ConfigProblem::message)
                .allMatch(message -> message.contains("; allowed: "));
    }

    @Test
    void onDemandClientsGetFourAttemptsAndDurationsAcceptEveryDocumentedForm() {
        ClientConfig feed = read("feed.uri", "wss://feed:443/x", "feed.connection-type", "on-demand",
                "feed.connection-timeout", "PT2.5S", "feed.close-timeout", "1500ms", "feed.reconnect.max-interval", "2m",
                "feed.ping.interval", "1h").get("feed");

        assertThat(problems.problems()).isEmpty();
        assertThat(feed.reconnect().maxAttempts()).isEqualTo(OptionalInt.of(4));
        assertThat(feed.connectionTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(feed.closeTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(feed.reconnect().maxInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(feed.ping()).hasValueSatisfying(ping -> {
            assertThat(ping.interval()).isEqualTo(Duration.ofHours(1));
            assertThat(ping.probes()).isEqualTo(3);
        });
        assertThat(feed.tls()).hasValueSatisfying(tls -> assertThat(tls.protocols()).containsExactly("TLSv1.3", "TLSv1.2"));
    }

    @Test
    void proxyHostTakesHostPortAndBracketedIpv6AndMasksItsPasswordEverywhere() {
        Map<String, ClientConfig> clients = read("a.uri", "ws://x:1/", "a.proxy.host", "[::1]:3128",
                "a.proxy.username", "svc", "a.proxy.password", "hunter2", "b.uri", "ws://x:1/", "b.proxy.host",
                "proxy.corp:8080");

        assertThat(problems.problems()).isEmpty();
        assertThat(clients.get("a").proxy()).hasValueSatisfying(proxy -> {
            assertThat(proxy.host()).isEqualTo("::1");
            assertThat(proxy.port()).isEqualTo(3128);
            assertThat(proxy.address()).isEqualTo("[::1]:3128");
        });
        assertThat(clients.get("a").toString()).contains("svc").doesNotContain("hunter2");
        assertThat(clients.get("b").proxy().orElseThrow().credentials()).isEmpty();
    }

    @Test
    void proxyAuthSchemesAllowEveryoneByDefaultWithPreemptiveBasicAndAreValidatedWhenSet() {
        Map<String, ClientConfig> clients = read("a.uri", "ws://x:1/", "a.proxy.host", "p:3128",
                "b.uri", "ws://x:1/", "b.proxy.host", "p:3128", "b.proxy.auth-schemes", " NTLM, digest ",
                "c.uri", "ws://x:1/", "c.proxy.host", "p:3128", "c.proxy.auth-preemptive", "false");

        assertThat(problems.problems()).isEmpty();
        assertThat(clients.get("a").proxy().orElseThrow().authSchemes()).containsExactlyInAnyOrder(
                ProxyAuthScheme.values());
        assertThat(clients.get("a").proxy().orElseThrow().preemptiveBasic()).isTrue();
        assertThat(clients.get("b").proxy().orElseThrow().authSchemes()).containsExactlyInAnyOrder(
                ProxyAuthScheme.NTLM, ProxyAuthScheme.DIGEST);
        assertThat(clients.get("b").proxy().orElseThrow().preemptiveBasic()).as("Basic is not allowed").isFalse();
        assertThat(clients.get("c").proxy().orElseThrow().preemptiveBasic()).isFalse();

        read("a.uri", "ws://x:1/", "a.proxy.host", "p:3128", "a.proxy.auth-schemes", "ntlm, kerberos",
                "b.uri", "ws://x:1/", "b.proxy.host", "p:3128", "b.proxy.auth-schemes", " , ",
                "c.uri", "ws://x:1/", "c.proxy.host", "p:3128", "c.proxy.auth-schemes", "digest",
                "c.proxy.auth-preemptive", "true");
        assertThat(problems.problems()).extracting(ConfigProblem::code).containsExactlyInAnyOrder(
                ConfigProblemCode.UNKNOWN_VALUE, ConfigProblemCode.INVALID_LIST, ConfigProblemCode.CONFLICTING_KEYS);
        assertThat(problems.messages()).anyMatch(m -> m.startsWith("WSCFG0106") && m.contains("'kerberos'")
                && m.contains("negotiate, ntlm, digest, basic"));
    }

    @Test
    void tcpKeepAliveTimesMustBeWholeSecondsAndEnabledMeansPositiveValues() {
        read("a.uri", "ws://x:1/", "a.tcp-keepalive.idle", "1500ms", "a.tcp-keepalive.probes", "0",
                "a.ping.enabled", "true", "a.ping.interval", "0s");

        assertProblems().containsExactlyInAnyOrder(
                problem("a.tcp-keepalive.idle", OUT_OF_RANGE),
                problem("a.tcp-keepalive.probes", OUT_OF_RANGE),
                problem("a.ping.interval", OUT_OF_RANGE));
    }

    @Test
    void reservedHeadersAndTlsKeysOnAPlainUriAreRejectedAndHeaderValuesThatMayBeTokensAreMasked() {
        read("a.uri", "ws://x:1/", "a.headers.Sec-WebSocket-Key", "abc", "a.headers.Proxy-Authorization", "Basic Zm9v",
                "a.tls.verify-server-cert", "false");

        assertProblems().containsExactlyInAnyOrder(
                problem("a.headers.Sec-WebSocket-Key", RESERVED_HEADER),
                problem("a.headers.Proxy-Authorization", RESERVED_HEADER),
                problem("a.uri", IGNORED_KEYS));
        assertThat(problems.messages()).noneMatch(line -> line.contains("abc") || line.contains("Zm9v"));
    }

    @Test
    void credentialsInTheUriAreRefusedWithoutEchoingThem() {
        read("a.uri", "wss://admin:topsecret@pbx:8089/ari");

        assertProblems().containsExactly(problem("a.uri", CREDENTIALS_IN_URI));
        assertThat(problems.messages()).noneMatch(line -> line.contains("topsecret"));
    }

    @Test
    void aMistypedSecretKeyIsReportedWithoutItsValue() {
        read("a.uri", "ws://x:1/", "a.proxy.pasword", "hunter2", "a.pasword", "hunter3");

        assertProblems().containsExactlyInAnyOrder(
                problem("a.proxy.pasword", ConfigProblemCode.UNKNOWN_KEY),
                problem("a.pasword", ConfigProblemCode.UNKNOWN_KEY));
        assertThat(problems.messages()).noneMatch(line -> line.contains("hunter"));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            uri                          | ''                      | MISSING_KEY
            uri                          | https://pbx/ari         | INVALID_URI
            uri                          | ws:///no-host           | INVALID_URI
            uri                          | wss://pbx/ari#events    | INVALID_URI
            uri                          | wss://pbx/a b           | INVALID_URI
            conection-timeout            | 5s                      | UNKNOWN_KEY
            connection-type              | sometimes               | UNKNOWN_VALUE
            connection-timeout           | 10                      | INVALID_DURATION
            connection-timeout           | soon                    | INVALID_DURATION
            close-timeout                | PT5X                    | INVALID_DURATION
            close-timeout                | 0s                      | OUT_OF_RANGE
            reconnect.interval           | 500                     | INVALID_DURATION
            reconnect.max-interval       | 100ms                   | CONFLICTING_KEYS
            reconnect.multiplier         | fast                    | INVALID_NUMBER
            reconnect.multiplier         | 0.5                     | OUT_OF_RANGE
            reconnect.jitter             | 1.5                     | OUT_OF_RANGE
            reconnect.attempts           | many                    | INVALID_NUMBER
            reconnect.attempts           | 0                       | OUT_OF_RANGE
            protocols                    | 'ari, v1 events'        | INVALID_TOKEN
            protocols                    | 'ari, ari'              | INVALID_LIST
            username                     | a:b                     | FORBIDDEN_CHARACTER
            password                     | secret                  | MISSING_COMPANION_KEY
            headers.X Tenant             | blue                    | INVALID_TOKEN
            headers.Host                 | pbx                     | RESERVED_HEADER
            proxy.host                   | http://proxy:3128       | INVALID_PROXY_ADDRESS
            proxy.host                   | proxy.corp.example      | INVALID_PROXY_ADDRESS
            proxy.host                   | ::1:3128                | INVALID_PROXY_ADDRESS
            proxy.host                   | proxy:99999             | OUT_OF_RANGE
            proxy.username               | svc                     | MISSING_COMPANION_KEY
            proxy.auth-schemes           | ntlm                    | MISSING_COMPANION_KEY
            ping.enabled                 | yes                     | INVALID_BOOLEAN
            ping.probes                  | three                   | INVALID_NUMBER
            tcp-keepalive.interval       | 40000s                  | OUT_OF_RANGE
            max-message-size             | 16MB                    | INVALID_SIZE
            delivery.max-queued-bytes    | 512                     | OUT_OF_RANGE
            tls.trust-store-type         | PEM                     | UNKNOWN_VALUE
            tls.protocols                | SSLv3                   | UNKNOWN_VALUE
            tls.protocols                | ' , '                   | INVALID_LIST
            tls.ca-file                  | /nonexistent/ca.pem     | FILE_NOT_FOUND
            tls.key-store-password       | secret                  | MISSING_COMPANION_KEY
            tls.verify-server-hostname   | maybe                   | INVALID_BOOLEAN
            health.readiness             | on                      | INVALID_BOOLEAN
            """)
    void eachMistakeIsOneProblemWithTheCodeOfItsKind(String key, String value, ConfigProblemCode code) {
        Map<String, ClientConfig> clients = key.equals("uri") ? read("a.uri", value)
                : read("a.uri", "wss://pbx:8089/ari", "a." + key, value);

        assertThat(clients).isEmpty();
        assertThat(problems.problems()).singleElement().satisfies(found -> {
            assertThat(found.code()).isEqualTo(code);
            assertThat(found.client()).contains("a");
        });
        assertThat(problems.messages()).noneMatch(line -> line.contains("secret"));
    }

    @Test
    void keysThatGoTogetherOrExcludeEachOtherAreReportedOnTheKeyToFix() {
        read("a.uri", "wss://pbx:8089/ari", "a.proxy.password", "pw", "a.tls.cert-file", "/nonexistent/c.pem",
                "a.tls.key-store", "/nonexistent/k.p12", "a.tls.key-store-password", "pw",
                "a.tls.trust-store", "/nonexistent/t.p12", "a.tls.ca-file", "/nonexistent/ca.pem");

        assertProblems().containsExactlyInAnyOrder(
                problem("a.proxy.username", ConfigProblemCode.MISSING_COMPANION_KEY),
                problem("a.tls.key-file", ConfigProblemCode.MISSING_COMPANION_KEY),
                problem("a.tls.cert-file", ConfigProblemCode.CONFLICTING_KEYS),
                problem("a.tls.ca-file", ConfigProblemCode.CONFLICTING_KEYS),
                problem("a.tls.trust-store-password", ConfigProblemCode.MISSING_COMPANION_KEY),
                problem("a.tls.cert-file", ConfigProblemCode.FILE_NOT_FOUND),
                problem("a.tls.key-store", ConfigProblemCode.FILE_NOT_FOUND),
                problem("a.tls.trust-store", ConfigProblemCode.FILE_NOT_FOUND),
                problem("a.tls.ca-file", ConfigProblemCode.FILE_NOT_FOUND));
    }

    @Test
    void keysThatDoNotNameAValidClientAreProblemsOfNoClientOrOfThatName() {
        Map<String, String> properties = Map.of("websocket.client.ari", "x", "websocket.client.Ari.uri", "ws://x:1/");

        assertThat(ClientConfigReader.read(properties, problems)).isEmpty();
        assertThat(problems.problems()).map(found -> tuple(found.code(), found.client().orElse(null),
                found.key().orElse(null))).containsExactly(
                tuple(ConfigProblemCode.MALFORMED_KEY, null, "websocket.client.ari"),
                tuple(ConfigProblemCode.INVALID_CLIENT_NAME, "Ari", null));
    }
}
