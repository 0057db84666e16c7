package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_KEY;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;
import static org.wsconnector.cdi.BootFailures.configurationFailure;
import static org.wsconnector.cdi.BootFailures.connectorThreads;

/**
 * A real Weld boot with the absurd values fuzzing found: one failure carrying every problem of every client (none
 * hidden behind an exception of the reader), no secret or raw control character in it, and no thread of the
 * connector left running.
 */
class HostileConfigurationBootTest {
    /** An environment variable no test machine defines. */
    private static final String UNSET = "WS_CONNECTOR_TEST_UNSET_PROXY_7F3A";

    @ApplicationScoped
    static class UsesAri {
        @Inject
        @WebSocketClient("ari")
        ManagedWebSocket ari;
    }

    @Test
    void absurdValuesOfSeveralClientsAreAllReportedInOneFailureWithoutSecretsAndWithoutThreadsLeft() {
        Set<String> before = connectorThreads();
        Map<String, String> properties = new HashMap<>();
        properties.put("websocket.client.ari.uri", "wss://127.0.0.1:9/ari");
        properties.put("websocket.client.ari.reconnect.interval", "9999999999999999h");
        properties.put("websocket.client.ari.tcp-keepalive.interval", "9999999999999999s");
        properties.put("websocket.client.ari.tls.ca-file", "/etc/ca\0.pem");
        properties.put("websocket.client.ari.pasword", "hunter2");
        properties.put("websocket.client.feed.uri", "ws://127.0.0.1:99999/feed");
        properties.put("websocket.client.feed.reconnect.interval", "P106751991167300D");
        properties.put("websocket.client.feed.reconnect.max-interval", "10s");
        properties.put("websocket.client.feed.connection-timeout", "9999999999999999s");
        properties.put("websocket.client.feed.proxy.host", "${" + UNSET + "}");
        properties.put("websocket.client.feed.ping.interval", "PT0.0001S");

        ConfigurationException failure = configurationFailure(properties, UsesAri.class);

        assertThat(failure.problems()).extracting(problem -> problem.client().orElseThrow(),
                problem -> problem.key().orElseThrow(), problem -> problem.code()).containsExactlyInAnyOrder(
                tuple("ari", "websocket.client.ari.reconnect.interval", OUT_OF_RANGE),
                tuple("ari", "websocket.client.ari.tcp-keepalive.interval", OUT_OF_RANGE),
                tuple("ari", "websocket.client.ari.tls.ca-file", FORBIDDEN_CHARACTER),
                tuple("ari", "websocket.client.ari.pasword", UNKNOWN_KEY),
                tuple("feed", "websocket.client.feed.uri", OUT_OF_RANGE),
                tuple("feed", "websocket.client.feed.reconnect.interval", OUT_OF_RANGE),
                tuple("feed", "websocket.client.feed.connection-timeout", OUT_OF_RANGE),
                tuple("feed", "websocket.client.feed.proxy.host", UNRESOLVABLE_VALUE),
                tuple("feed", "websocket.client.feed.ping.interval", OUT_OF_RANGE));
        assertThat(failure.getMessage()).doesNotContain("hunter2").doesNotContain("\0")
                .contains("${" + UNSET + "}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connectorThreads()).isEqualTo(before));
    }
}
