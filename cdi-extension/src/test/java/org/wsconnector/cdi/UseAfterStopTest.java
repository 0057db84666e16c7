package org.wsconnector.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.cdi.BootFailures.connectorThreads;

/**
 * The connector closes at {@code @BeforeDestroyed(ApplicationScoped)}, before the application's beans die. A bean's
 * own {@code @PreDestroy} then finds its injected client CLOSED; a client it looks up anew gets an exception saying
 * the application is stopping, and must not start a second connector whose threads nobody would ever stop.
 */
class UseAfterStopTest {

    @ApplicationScoped
    static class LateUser {
        static final AtomicReference<Throwable> LOOKUP = new AtomicReference<>();
        static final AtomicReference<ConnectionState> HELD = new AtomicReference<>();

        @Inject
        @WebSocketClient("echo")
        ManagedWebSocket echo;

        @Inject
        @Any
        Instance<ManagedWebSocket> clients;

        ManagedWebSocket echo() {
            return echo;
        }

        @PreDestroy
        void useTheClientOnTheWayOut() {
            HELD.set(echo.status().state()); // the reference it holds: the closed connection
            try {
                clients.select(WebSocketClient.Literal.of("echo")).get().status();
                LOOKUP.set(new AssertionError("a client looked up after the connector closed answered"));
            } catch (RuntimeException refused) {
                LOOKUP.set(refused);
            }
        }
    }

    @Test
    void aClientUsedAfterTheConnectorClosedRefusesAndStartsNothing() throws Exception {
        Set<String> before = connectorThreads();
        try (EchoServer server = EchoServer.builder().start()) {
            WeldBoot boot = WeldBoot.start(Map.of("websocket.client.echo.uri", server.uri().toString()),
                    LateUser.class);
            boot.container().select(LateUser.class).get().echo().awaitOpen(Duration.ofSeconds(15));

            boot.close();

            assertThat(LateUser.HELD.get()).isEqualTo(ConnectionState.CLOSED);
            assertThat(LateUser.LOOKUP.get()).isInstanceOf(WebSocketConnectorException.class)
                    .hasMessage("[echo] the application is stopping: its WebSocket connector is closed");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectorThreads()).as("no connector left running").isEqualTo(before));
        }
    }
}
