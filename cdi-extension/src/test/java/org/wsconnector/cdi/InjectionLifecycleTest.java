package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.cdi.BootFailures.connectorThreads;

class InjectionLifecycleTest {

    @ApplicationScoped
    static class Application {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<String> otherClientTexts = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();

        @Inject
        @WebSocketClient("echo")
        ManagedWebSocket echo;

        void onText(@Observes @WebSocketClient("echo") TextMessage message) {
            texts.add(message.text());
        }

        void onOtherClient(@Observes @WebSocketClient("other") TextMessage message) {
            otherClientTexts.add(message.text());
        }

        void onState(@Observes @WebSocketClient("echo") ConnectionStateChanged change) {
            states.add(change.current());
        }

        // Accessors: the test holds a client proxy, whose own fields are never set.
        ManagedWebSocket echo() {
            return echo;
        }

        List<String> texts() {
            return texts;
        }

        List<String> otherClientTexts() {
            return otherClientTexts;
        }

        List<ConnectionState> states() {
            return states;
        }
    }

    @Test
    void aPersistentClientIsOpenedAtStartInjectedByNameAndDeliversMessagesAsQualifiedEvents() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of(
                     "websocket.client.echo.uri", server.uri().toString(),
                     "websocket.client.other.uri", server.uri().toString(),
                     "websocket.client.other.connection-type", "on-demand"), Application.class)) {
            Application application = boot.container().select(Application.class).get();

            await().atMost(Duration.ofSeconds(10)).until(() -> application.echo().state() == ConnectionState.OPEN);
            application.echo().sendText("one").toCompletableFuture().get();
            application.echo().sendText("two").toCompletableFuture().get();

            await().atMost(Duration.ofSeconds(10)).until(() -> application.texts().size() == 2);
            assertThat(application.texts()).containsExactly("one", "two");
            assertThat(application.otherClientTexts()).isEmpty();
            assertThat(application.states()).startsWith(ConnectionState.CONNECTING, ConnectionState.OPEN);
            assertThat(server.openSessionCount()).as("the on-demand client stays closed until used").isEqualTo(1);
        }
    }

    @Test
    void theInjectedClientOffersTheWholeContractWithoutItsSecrets() throws Exception {
        try (EchoServer server = EchoServer.builder().subprotocols("feed.v2").start();
             WeldBoot boot = WeldBoot.start(Map.of(
                     "websocket.client.echo.uri", server.uri().toString(),
                     "websocket.client.other.uri", server.uri().toString(),
                     "websocket.client.other.connection-type", "on-demand",
                     "websocket.client.other.protocols", "feed.v1,feed.v2",
                     "websocket.client.other.username", "billing",
                     "websocket.client.other.password", "pw-not-for-beans"), Application.class)) {
            ManagedWebSocket other = boot.container().select(ManagedWebSocket.class,
                    WebSocketClient.Literal.of("other")).get();

            other.open().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(other.subprotocol()).contains("feed.v2");
            assertThat(other.config().basicAuth().orElseThrow().password().isWithheld()).isTrue();
            other.close(4000, "bye").toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(server.awaitClientClose(4000, Duration.ofSeconds(10)).header("Authorization"))
                    .as("the connector itself still sent the password").isPresent();
            assertThat(other.state()).isEqualTo(ConnectionState.CLOSED);
            other.abort(); // idempotent on a closed client
            assertThat(other.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void shutdownSendsGoingAwayToEveryPeerAndLeavesNoConnectorOrTyrusThreadBehind() throws Exception {
        Set<String> before = connectorThreads();
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of(
                     "websocket.client.echo.uri", server.uri().toString(),
                     "websocket.client.echo.ping.interval", "200ms",
                     "websocket.client.second.uri", server.uri().toString()), Application.class)) {
            // OPEN as the clients see it, not only as the server does: the server opens its session when it sends
            // the 101, a moment before the client has read it, and a shutdown in that moment aborts the attempt
            // without a close frame (1006). That is what made this test fail on a loaded machine.
            for (String client : List.of("echo", "second")) {
                ManagedWebSocket connection = boot.container().select(ManagedWebSocket.class,
                        WebSocketClient.Literal.of(client)).get();
                connection.awaitOpen(Duration.ofSeconds(10));
            }
            server.awaitOpenSessions(2, Duration.ofSeconds(10)); // and the server's side (onOpen) has run too
            assertThat(connectorThreads()).isNotEmpty();

            boot.close(); // what is under test; the resource's close is then a no-op

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    server.connections().stream().filter(c -> c.clientClosedWith(1001)).count() == 2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectorThreads()).isEqualTo(before));
        }
    }
}
