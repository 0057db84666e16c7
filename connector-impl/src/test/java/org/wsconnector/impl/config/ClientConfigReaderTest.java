package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ConnectionType;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class ClientConfigReaderTest {
    private final ConfigProblems problems = new ConfigProblems();

    private Map<String, ClientConfig> read(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put("websocket.client." + keyValues[i], keyValues[i + 1]);
        }
        return ClientConfigReader.read(properties, problems);
    }

    @Test
    void aMinimalClientGetsTheDocumentedDefaults() {
        ClientConfig ari = read("ari.uri", "ws://pbx:8088/ari/events").get("ari");

        assertThat(problems.messages()).isEmpty();
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
    }

    @Test
    void sizesTakeBytesOrBinaryUnitsAndTheDeliveryLimitsAreRead() {
        ClientConfig feed = read("feed.uri", "ws://feed:80/", "feed.max-message-size", "64KiB",
                "feed.delivery.max-queued-bytes", "1048576", "feed.delivery.max-queued-messages", "10",
                "feed.write-timeout", "2s").get("feed");

        assertThat(problems.messages()).isEmpty();
        assertThat(feed.maxMessageSize()).isEqualTo(65_536);
        assertThat(feed.delivery().maxQueuedBytes()).isEqualTo(1_048_576);
        assertThat(feed.delivery().maxQueuedMessages()).isEqualTo(10);
        assertThat(feed.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sizesOutOfRangeAmbiguousOrNotNumbersAreRefusedNamingWhatIsAllowed() {
        read("a.uri", "ws://x:1/", "a.max-message-size", "16MB", "a.delivery.max-queued-bytes", "2GiB",
                "a.delivery.max-queued-messages", "0", "b.uri", "ws://x:1/", "b.max-message-size", "lots");

        String allowed = "allowed: bytes as a whole number, or with a unit KiB, MiB or GiB, e.g. 65536, 64KiB, 16MiB";
        assertThat(problems.messages()).containsExactlyInAnyOrder(
                "client 'a', key websocket.client.a.max-message-size, value '16MB': 'mb' is ambiguous (1000 or "
                        + "1024?); " + allowed,
                "client 'a', key websocket.client.a.delivery.max-queued-bytes, value '2GiB': out of range; " + allowed
                        + ", from 1KiB to 1GiB",
                "client 'a', key websocket.client.a.delivery.max-queued-messages, value '0': out of range; allowed: "
                        + "a whole number ≥ 1, e.g. 1000",
                "client 'b', key websocket.client.b.max-message-size, value 'lots': not a size; " + allowed);
    }

    @Test
    void onDemandClientsGetFourAttemptsAndDurationsAcceptEveryDocumentedForm() {
        ClientConfig feed = read("feed.uri", "wss://feed:443/x", "feed.connection-type", "on-demand",
                "feed.connection-timeout", "PT2.5S", "feed.close-timeout", "1500ms", "feed.reconnect.max-interval", "2m",
                "feed.ping.interval", "1h").get("feed");

        assertThat(problems.messages()).isEmpty();
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

        assertThat(problems.messages()).isEmpty();
        assertThat(clients.get("a").proxy()).hasValueSatisfying(proxy -> {
            assertThat(proxy.host()).isEqualTo("::1");
            assertThat(proxy.port()).isEqualTo(3128);
            assertThat(proxy.address()).isEqualTo("[::1]:3128");
        });
        assertThat(clients.get("a").toString()).contains("svc").doesNotContain("hunter2");
        assertThat(clients.get("b").proxy().orElseThrow().credentials()).isEmpty();
    }

    @Test
    void tcpKeepAliveTimesMustBeWholeSecondsAndEnabledMeansPositiveValues() {
        read("a.uri", "ws://x:1/", "a.tcp-keepalive.idle", "1500ms", "a.tcp-keepalive.probes", "0",
                "a.ping.enabled", "true", "a.ping.interval", "0s");

        assertThat(problems.messages()).containsExactlyInAnyOrder(
                "client 'a', key websocket.client.a.tcp-keepalive.idle, value '1500ms': TCP keepalive times are whole "
                        + "seconds up to 32767s; allowed: a whole number of seconds from 1s to 32767s, e.g. 20s",
                "client 'a', key websocket.client.a.tcp-keepalive.probes, value '0': out of range; allowed: a whole "
                        + "number ≥ 1",
                "client 'a', key websocket.client.a.ping.interval, value '0s': must be positive; allowed: a duration "
                        + "with a unit, e.g. 500ms, 20s, 2m, 1h, or ISO-8601 such as PT20S, greater than zero");
    }

    @Test
    void reservedHeadersAndTlsKeysOnAPlainUriAreRejectedAndHeaderValuesThatMayBeTokensAreMasked() {
        read("a.uri", "ws://x:1/", "a.headers.Sec-WebSocket-Key", "abc", "a.headers.Proxy-Authorization", "Basic Zm9v",
                "a.tls.verify-server-cert", "false");

        assertThat(problems.messages()).containsExactlyInAnyOrder(
                "client 'a', key websocket.client.a.headers.Sec-WebSocket-Key, value '****': header Sec-WebSocket-Key is "
                        + "written by the connector itself; allowed: any header but Host, Upgrade, Connection, "
                        + "Sec-WebSocket-*, Proxy-Authorization",
                "client 'a', key websocket.client.a.headers.Proxy-Authorization, value '****': header "
                        + "Proxy-Authorization is written by the connector itself; allowed: use proxy.username and "
                        + "proxy.password",
                "client 'a', key websocket.client.a.uri: tls.* keys are set but the URI is ws://, so they would be "
                        + "ignored; allowed: a wss:// URI, or no tls.* keys");
    }

    @Test
    void credentialsInTheUriAreRefusedWithoutEchoingThem() {
        read("a.uri", "wss://admin:topsecret@pbx:8089/ari");

        assertThat(problems.messages()).singleElement().asString()
                .contains("credentials in the URI are not supported").doesNotContain("topsecret");
    }
}
