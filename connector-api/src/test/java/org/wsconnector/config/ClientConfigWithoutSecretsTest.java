package org.wsconnector.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@code ManagedWebSocket.config()} shows: every secret of a client that has them all (server and proxy
 * passwords, store passwords, a token header, an api_key in the query) is withheld or masked; everything else is
 * as configured.
 */
class ClientConfigWithoutSecretsTest {
    private static final String PASSWORD = "s3cr3t-pw";

    @Test
    void everySecretIsWithheldAndEverythingElseKept() {
        ClientConfig full = clientWithEverySecret();

        ClientConfig shown = full.withoutSecrets();

        List<Secret> secrets = List.of(shown.basicAuth().orElseThrow().password(),
                shown.proxy().orElseThrow().credentials().orElseThrow().password(),
                shown.tls().orElseThrow().trustStore().orElseThrow().password(),
                shown.tls().orElseThrow().keyStore().orElseThrow().password(),
                shown.proxy().orElseThrow().tls().orElseThrow().trustStore().orElseThrow().password());
        assertThat(secrets).allMatch(Secret::isWithheld);
        secrets.forEach(secret -> assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withheld"));
        assertThatThrownBy(secrets.get(0)::toCharArray).isInstanceOf(IllegalStateException.class);
        assertThat(shown.headers()).isEqualTo(Map.of("Authorization", Secret.MASK));
        assertThat(shown.uri()).isEqualTo(URI.create("wss://pbx.example.com/ari/events?app=billing&api_key=****"));
        assertThat(shown.toString()).doesNotContain(PASSWORD).doesNotContain("tok-1").doesNotContain("k-9");

        assertThat(shown.basicAuth().orElseThrow().username()).isEqualTo("billing");
        assertThat(shown.proxy().orElseThrow().address()).isEqualTo("proxy.corp.example:3128");
        assertThat(shown.proxy().orElseThrow().displayUri()).isEqualTo("https://proxy.corp.example:3128");
        assertThat(shown.tls().orElseThrow().trustStore().orElseThrow().path()).isEqualTo(Path.of("trust.p12"));
        assertThat(shown).usingRecursiveComparison()
                .ignoringFields("uri", "headers", "basicAuth", "proxy", "tls").isEqualTo(full);
        assertThat(full.basicAuth().orElseThrow().password().reveal()).as("the original keeps it").isEqualTo(PASSWORD);
    }

    @Test
    void aWithheldSecretEqualsOnlyAnotherWithheldOne() {
        assertThat(Secret.withheld()).isEqualTo(Secret.withheld()).isNotEqualTo(Secret.of(Secret.MASK))
                .hasToString(Secret.MASK);
        assertThat(Secret.of("x").isWithheld()).isFalse();
    }

    private static ClientConfig clientWithEverySecret() {
        Secret password = Secret.of(PASSWORD);
        StoreFile store = new StoreFile(Path.of("trust.p12"), password, "PKCS12");
        TlsConfig tls = new TlsConfig(Optional.of(store), Optional.empty(), Optional.of(store), Optional.empty(),
                Optional.empty(), true, true, TlsConfig.DEFAULT_PROTOCOLS);
        ProxyConfig proxy = new ProxyConfig("proxy.corp.example", 3128,
                Optional.of(new Credentials("svc", password)), Optional.of(tls)); // an HTTPS proxy, its own trust
        ReconnectPolicy reconnect = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2,
                OptionalInt.empty(), Duration.ofSeconds(30));
        return new ClientConfig("ari", URI.create("wss://pbx.example.com/ari/events?app=billing&api_key=k-9"),
                ConnectionType.PERSISTENT, List.of("v1"), Optional.of(new Credentials("billing", password)),
                Map.of("Authorization", "Bearer tok-1"), Duration.ofSeconds(10), Duration.ofSeconds(5), reconnect,
                Optional.of(tls), Optional.of(proxy), Optional.empty(), Optional.empty(), 1 << 20,
                Duration.ofSeconds(30), new DeliveryLimits(1000, 1 << 20),
                Optional.of(new SendBufferConfig(100, 1 << 16, Duration.ofSeconds(20))));
    }
}
