package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.smallrye.config.SysPropConfigSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.ReloadReport;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;

/**
 * Live reload for CDI applications: {@code @Inject ConfigurationReload} reads MicroProfile Config again (here a
 * config source the test changes) and applies it. The injected client of a changed configuration is the same
 * reference, now connected to its new server; a removed client's injected reference is closed for good; an added
 * client's events reach its observers; an invalid configuration changes nothing and lists every problem.
 */
class ConfigurationReloadTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @ApplicationScoped
    static class Application {
        final Map<String, List<ConnectionState>> states = new ConcurrentHashMap<>();
        final List<String> movedTexts = new CopyOnWriteArrayList<>();

        @Inject
        ConfigurationReload reload;

        @Inject
        @WebSocketClient("moved")
        ManagedWebSocket moved;

        @Inject
        @WebSocketClient("gone")
        ManagedWebSocket gone;

        void onState(@Observes ConnectionStateChanged change) {
            states.computeIfAbsent(change.client(), client -> new CopyOnWriteArrayList<>()).add(change.current());
        }

        void onMovedText(@Observes @WebSocketClient("moved") TextMessage message) {
            movedTexts.add(message.text());
        }

        // Accessors: the test holds a client proxy, whose own fields are never set.
        ReloadReport reload() {
            return reload.reload();
        }

        ManagedWebSocket moved() {
            return moved;
        }

        ManagedWebSocket gone() {
            return gone;
        }

        List<ConnectionState> states(String client) {
            return states.getOrDefault(client, List.of());
        }

        List<String> movedTexts() {
            return movedTexts;
        }
    }

    @Test
    void theInjectedReloadAppliesChangedAddedAndRemovedClientsAndLeavesTheOthersUntouched() throws Exception {
        try (EchoServer first = EchoServer.builder().start(); EchoServer second = EchoServer.builder().start()) {
            ChangingConfigSource source = new ChangingConfigSource(Map.of(
                    "websocket.client.moved.uri", first.uri().toString(),
                    "websocket.client.stays.uri", first.uri().toString(),
                    "websocket.client.gone.uri", first.uri().toString()));
            try (WeldBoot boot = WeldBoot.start(source, List.of(), Application.class)) {
                Application application = boot.container().select(Application.class).get();
                ManagedWebSocket moved = application.moved();
                ManagedWebSocket gone = application.gone();
                for (String client : List.of("moved", "stays", "gone")) {
                    await(client + " OPEN").atMost(PATIENCE).until(() -> application.states(client).contains(OPEN));
                }
                first.awaitOpenSessions(3, PATIENCE);

                source.replaceWith(Map.of(
                        "websocket.client.moved.uri", second.uri().toString(),
                        "websocket.client.stays.uri", first.uri().toString(),
                        "websocket.client.fresh.uri", first.uri().toString()));
                ReloadReport report = application.reload();

                assertThat(report).isEqualTo(new ReloadReport(List.of("fresh"), List.of("gone"), List.of("moved"),
                        List.of(), List.of("stays")));
                // The reference injected at boot is the client with its new configuration.
                moved.awaitOpen(PATIENCE);
                second.awaitOpenSessions(1, PATIENCE);
                await().atMost(PATIENCE).until(() -> application.states("moved").size() == 6);
                assertThat(application.states("moved")).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED,
                        CONNECTING, OPEN);
                moved.sendText("via the second server").toCompletableFuture().get(PATIENCE.toMillis(),
                        TimeUnit.MILLISECONDS);
                await().atMost(PATIENCE).until(() -> application.movedTexts().contains("via the second server"));
                assertThat(second.connections()).singleElement().satisfies(connection ->
                        assertThat(connection.textMessages()).containsExactly("via the second server"));
                // Added: its events reach the observers like any client's.
                await("fresh OPEN").atMost(PATIENCE).until(() -> application.states("fresh").contains(OPEN));
                // Removed: closed with 1000; the injected reference stays closed and says why.
                await("gone CLOSED").atMost(PATIENCE).until(() -> application.states("gone").contains(CLOSED));
                assertThat(gone.state()).isEqualTo(CLOSED);
                assertThat(catchThrowableOfType(() -> gone.awaitOpen(PATIENCE), WebSocketConnectorException.class))
                        .hasMessageContaining("removed from the configuration by a reload");
                // Untouched: no event, and its server saw three upgrades in all (moved, stays, gone) plus fresh's.
                assertThat(application.states("stays")).containsExactly(CONNECTING, OPEN);
                first.awaitOpenSessions(2, PATIENCE); // stays and fresh
                assertThat(first.connections()).hasSize(4);
            }
        }
    }

    @Test
    void anInvalidConfigurationIsRefusedWithEveryProblemAndNothingChanges() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> valid = Map.of("websocket.client.moved.uri", server.uri().toString(),
                    "websocket.client.gone.uri", server.uri().toString());
            ChangingConfigSource source = new ChangingConfigSource(valid);
            try (WeldBoot boot = WeldBoot.start(source, List.of(), Application.class)) {
                Application application = boot.container().select(Application.class).get();
                application.moved().awaitOpen(PATIENCE);
                application.gone().awaitOpen(PATIENCE);
                await().atMost(PATIENCE).until(() -> application.states("gone").contains(OPEN));

                Map<String, String> invalid = new HashMap<>(valid);
                invalid.put("websocket.client.moved.ping.interval", "20");
                invalid.put("websocket.client.gone.proxy.host", "proxy-without-port");
                invalid.put("websocket.client.extra.uri", "ftp://127.0.0.1/");
                source.replaceWith(invalid);
                ConfigurationException refused = catchThrowableOfType(application::reload,
                        ConfigurationException.class);

                assertThat(refused.problems()).extracting(ConfigProblem::client)
                        .extracting(client -> client.orElseThrow()).containsExactly("extra", "gone", "moved");
                assertThat(application.states("moved")).containsExactly(CONNECTING, OPEN);
                assertThat(application.states("gone")).containsExactly(CONNECTING, OPEN);
                assertThat(application.states("extra")).isEmpty();
                assertThat(server.connections()).hasSize(2);
                assertThat(application.moved().config().ping()).isEmpty();
            }
        }
    }

    /**
     * System properties as SmallRye's own source gives them (live), names included: SmallRye caches
     * {@code getPropertyNames()} from its first call, so a client added as a new property is seen only because the
     * reload asks for the latest names.
     */
    @Test
    void aClientAddedAsASystemPropertyIsSeenByTheReload() throws Exception {
        String added = "websocket.client.sysprop-added.uri";
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(new SysPropConfigSource(), List.of())) {
            // Anyone asking for the names (another library, the server) fills SmallRye's cache before the change.
            ConfigProvider.getConfig().getPropertyNames().forEach(name -> { });
            System.setProperty(added, server.uri().toString());
            ReloadReport report = boot.container().select(ConfigurationReload.class).get().reload();

            assertThat(report.added()).containsExactly("sysprop-added");
            server.awaitOpenSessions(1, PATIENCE);
        } finally {
            System.clearProperty(added);
        }
    }
}
