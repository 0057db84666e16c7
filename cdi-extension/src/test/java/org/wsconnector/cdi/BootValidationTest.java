package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootValidationTest {
    @TempDir
    Path dir;

    @ApplicationScoped
    static class NeedsMissingClient {
        @Inject
        @WebSocketClient("billing")
        ManagedWebSocket billing;
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

        assertThatThrownBy(() -> WeldBoot.start(properties, NeedsMissingClient.class).close())
                .satisfies(failure -> {
                    String message = failure.getMessage();
                    assertThat(message).contains(
                            "client 'ari', key websocket.client.ari.uri, value 'https://pbx.example.com/ari': scheme "
                                    + "'https' is not a WebSocket scheme; allowed: an absolute ws:// or wss:// URI with a "
                                    + "host, e.g. wss://pbx.example.com:8089/ari/events",
                            "client 'ari', key websocket.client.ari.connection-timeout, value '10': a bare number has no "
                                    + "unit (is it seconds or milliseconds?); allowed: a duration with a unit, e.g. "
                                    + "500ms, 20s, 2m, 1h, or ISO-8601 such as PT20S",
                            "client 'ari', key websocket.client.ari.conection-timeout, value '5s': unknown key; did you "
                                    + "mean 'connection-timeout'?",
                            "client 'ari', key websocket.client.ari.headers.X-Tenant, value 'a\r\nInjected: yes': "
                                    + "contains CR or LF (header injection); allowed: a value without line breaks",
                            "client 'feed', key websocket.client.feed.proxy.host, value 'proxy.corp.example': the port "
                                    + "is missing; allowed: host:port of an HTTP proxy",
                            "client 'feed', key websocket.client.feed.tls.trust-store, value '"
                                    + dir.resolve("missing.p12") + "': file not found; allowed: the path of an "
                                    + "existing, readable file",
                            "client 'feed', key websocket.client.feed.reconnect.jitter, value '1.5': out of range; "
                                    + "allowed: a decimal from 0.0 to 1.0",
                            "client 'billing' is injected at " + NeedsMissingClient.class.getName()
                                    + ".billing but not configured: no key websocket.client.billing.uri");
                    assertThat(message).doesNotContain("s3cr3t");
                });
    }

    @Test
    void aWrongStorePasswordIsABootErrorThatNamesThePasswordKeyButNotThePassword() {
        TestCertificates certs = TestCertificates.generate(dir, "right-password".toCharArray());
        Map<String, String> properties = Map.of(
                "websocket.client.feed.uri", "wss://127.0.0.1:9/stream",
                "websocket.client.feed.tls.trust-store", certs.caTrustStore().toString(),
                "websocket.client.feed.tls.trust-store-password", "wrong-password");

        assertThatThrownBy(() -> WeldBoot.start(properties).close())
                .hasMessageContaining("client 'feed', key websocket.client.feed.tls.trust-store-password, value '****': "
                        + "the password does not open " + certs.caTrustStore())
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain("wrong-password"));
    }

    @Test
    void aPemKeyThatIsNotPkcs8IsABootErrorSayingHowToConvertIt() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "pw".toCharArray());
        Path rsaKey = dir.resolve("legacy.key");
        java.nio.file.Files.writeString(rsaKey, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        Map<String, String> properties = Map.of(
                "websocket.client.feed.uri", "wss://127.0.0.1:9/stream",
                "websocket.client.feed.tls.cert-file", certs.client().pemFile().toString(),
                "websocket.client.feed.tls.key-file", rsaKey.toString());

        assertThatThrownBy(() -> WeldBoot.start(properties).close())
                .hasMessageContaining("client 'feed', key websocket.client.feed.tls.key-file, value '" + rsaKey
                        + "': cannot read the private key: 'RSA PRIVATE KEY' (PKCS#1/SEC1) is not supported; convert "
                        + "it with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    @Test
    void aMissingUriIsReportedForAClientThatOnlyHasOtherKeys() {
        Map<String, String> properties = Map.of("websocket.client.ari.ping.interval", "20s");

        assertThatThrownBy(() -> WeldBoot.start(properties).close())
                .hasMessageContaining("client 'ari', key websocket.client.ari.uri: required key is missing; allowed: "
                        + "a ws:// or wss:// URI");
    }

    @Test
    void aValidConfigurationBootsWithoutInjectionPoints() {
        Map<String, String> properties = Map.of(
                "websocket.client.lazy.uri", "ws://127.0.0.1:9/never",
                "websocket.client.lazy.connection-type", "on-demand");

        try (WeldBoot boot = WeldBoot.start(properties)) {
            ManagedWebSocket lazy = boot.container().select(ManagedWebSocket.class, WebSocketClient.Literal.of("lazy")).get();
            assertThat(lazy.name()).isEqualTo("lazy");
            assertThat(lazy.state()).isEqualTo(org.wsconnector.ConnectionState.CLOSED);
        }
    }
}
