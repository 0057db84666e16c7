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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain Weld SE without the MicroProfile Health API boots as before the readiness checks existed: the extension does
 * not load the classes that refer to the API, and persistent clients open. Runs in the surefire execution
 * {@code without-health-api}, whose class path lacks the API; skipped elsewhere.
 */
class WithoutHealthApiBootTest {

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
        assumeThat(Boolean.getBoolean("wsconnector.test.healthApiAbsent"))
                .as("run by the surefire execution without-health-api").isTrue();
    }

    @Test
    void aPersistentClientOpensAndNoHealthClassIsLoaded() {
        assertThatThrownBy(() -> Class.forName(WebSocketConnectorExtension.HEALTH_CHECK_API))
                .as("the class path of this execution has no Health API").isInstanceOf(ClassNotFoundException.class);
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString()),
                     Application.class)) {
            Application application = boot.container().select(Application.class).get();

            await().atMost(Duration.ofSeconds(20)).until(() -> application.ari().state() == ConnectionState.OPEN);
            assertThat(WebSocketConnectorExtension.healthApiPresent()).isFalse();
            assertThat(application.ari().status().state()).isEqualTo(ConnectionState.OPEN);
        }
    }
}
