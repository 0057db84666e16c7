package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain Weld SE without the MicroProfile Health API, Micrometer and OpenTelemetry boots as before the readiness
 * checks and the metrics existed: the extension does not load the classes that refer to any of them, persistent
 * clients open, and the engine still counts (status()). Runs in the surefire execution {@code without-optional-apis},
 * whose class path lacks all three; skipped elsewhere.
 */
class WithoutOptionalApisBootTest {

    @ApplicationScoped
    static class Application {
        @Inject
        @WebSocketClient("ari")
        ManagedWebSocket ari;

        ManagedWebSocket ari() {
            return ari;
        }
    }

    @BeforeEach
    void onlyWhereTheBuildRemovedTheApi() {
        assumeThat(Boolean.getBoolean("wsconnector.test.optionalApisAbsent"))
                .as("run by the surefire execution without-optional-apis").isTrue();
    }

    @Test
    void aPersistentClientOpensAndNoHealthOrMetricsClassIsLoaded() throws Exception {
        assertThatThrownBy(() -> Class.forName(WebSocketConnectorExtension.HEALTH_CHECK_API))
                .as("the class path of this execution has no Health API").isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(WebSocketConnectorExtension.MICROMETER_API))
                .as("the class path of this execution has no Micrometer").isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName(WebSocketConnectorExtension.OPEN_TELEMETRY_API))
                .as("the class path of this execution has no OpenTelemetry API")
                .isInstanceOf(ClassNotFoundException.class);
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString()),
                     Application.class)) {
            Application application = boot.container().select(Application.class).get();

            await().atMost(Duration.ofSeconds(20)).until(() -> application.ari().state() == ConnectionState.OPEN);
            assertThat(WebSocketConnectorExtension.healthApiPresent()).isFalse();
            assertThat(WebSocketConnectorExtension.micrometerPresent()).isFalse();
            assertThat(WebSocketConnectorExtension.openTelemetryPresent()).isFalse();
            application.ari().sendText("counted without Micrometer").toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(application.ari().status().state()).isEqualTo(ConnectionState.OPEN);
            assertThat(application.ari().status().counters().messagesSent()).isEqualTo(1);
        }
    }
}
