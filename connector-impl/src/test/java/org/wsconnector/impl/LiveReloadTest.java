package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.NotConnectedException;
import org.wsconnector.ReloadReport;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;
import static org.wsconnector.impl.ConnectorUnderTest.configuration;
import static org.wsconnector.impl.ConnectorUnderTest.properties;

/**
 * {@link WebSocketConnector#reload(ConnectorConfiguration)} against real Tyrus echo servers, with Asterisk's
 * semantics: only the client whose configuration changed reconnects (its old server sees a 1000 close, its new one
 * an upgrade); an untouched client keeps its connection (its server sees no new upgrade, its listener no event);
 * added clients open, removed ones close with 1000 and stay closed; an invalid configuration changes nothing.
 */
class LiveReloadTest {

    @Test
    void aChangedUriReconnectsOnlyThatClientToItsNewServerAndLeavesTheOtherUntouched() throws Exception {
        try (EchoServer first = EchoServer.builder().start(); EchoServer second = EchoServer.builder().start()) {
            Map<String, String> boot = twoClients(first, first);
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(boot)) {
                openBoth(connector, first);
                int upgradesAtFirst = first.connections().size();

                ReloadReport report = connector.connector().reload(configuration(twoClients(second, first)));

                assertThat(report).isEqualTo(new ReloadReport(List.of(), List.of(), List.of("moved"), List.of(),
                        List.of("stays")));
                connector.events("moved").awaitEntered(OPEN, 2);
                assertThat(connector.events("moved").states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED,
                        CONNECTING, OPEN);
                assertThat(first.awaitClientClose(1000, PATIENCE).closeReason().orElseThrow().getReasonPhrase())
                        .isEqualTo("configuration reloaded");
                second.awaitOpenSessions(1, PATIENCE);
                echo(connector, "moved", "through the second server");
                assertThat(second.connections()).hasSize(1);
                // The untouched client: no event, no new upgrade at its server, and still echoing on its connection.
                echo(connector, "stays", "still here");
                assertThat(first.connections()).hasSize(upgradesAtFirst);
                assertThat(first.openSessionCount()).isEqualTo(1);
                connector.events("stays").assertNoMoreEvents();
                assertThat(connector.connection("moved").config().uri()).isEqualTo(second.uri());
            }
        }
    }

    @Test
    void anAddedClientOpensAndARemovedOneClosesWith1000AndStaysClosedForWhoeverHoldsIt() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> boot = new LinkedHashMap<>(properties("kept", "uri", server.uri()));
            boot.putAll(properties("gone", "uri", server.uri()));
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(boot)) {
                connector.connector().startPersistentClients();
                DefaultManagedWebSocket gone = connector.connection("gone");
                connector.connection("kept").awaitOpen(PATIENCE);
                gone.awaitOpen(PATIENCE);
                connector.events("kept").awaitEntered(OPEN);

                Map<String, String> next = new LinkedHashMap<>(properties("kept", "uri", server.uri()));
                next.putAll(properties("fresh", "uri", server.uri()));
                ReloadReport report = connector.connector().reload(configuration(next));

                assertThat(report).isEqualTo(new ReloadReport(List.of("fresh"), List.of("gone"), List.of(), List.of(),
                        List.of("kept")));
                assertThat(server.awaitClientClose(1000, PATIENCE).closeReason().orElseThrow().getReasonPhrase())
                        .isEqualTo("removed from the configuration");
                connector.events("gone").awaitEntered(CLOSED);
                assertThat(connector.connector().connection("gone")).isEmpty();
                // A reference held from before (an injected one) is closed for good, and says why.
                assertThat(catchThrowableOfType(() -> gone.awaitOpen(PATIENCE), WebSocketConnectorException.class))
                        .hasMessageContaining("[gone]").hasMessageContaining("removed from the configuration");
                ExecutionException send = catchThrowableOfType(() -> gone.sendText("lost").toCompletableFuture()
                        .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), ExecutionException.class);
                assertThat(send.getCause()).isInstanceOf(NotConnectedException.class);

                connector.connection("fresh").awaitOpen(PATIENCE);
                echo(connector, "fresh", "hello from the added client");
                assertThat(connector.events("fresh").states()).containsExactly(CONNECTING, OPEN);
                connector.events("kept").assertNoMoreEvents();
            }
        }
    }

    @Test
    void anInvalidConfigurationChangesNothingAndListsEveryProblem() throws Exception {
        try (EchoServer first = EchoServer.builder().start(); EchoServer second = EchoServer.builder().start()) {
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(twoClients(first, first))) {
                openBoth(connector, first);
                Map<String, String> invalid = twoClients(second, first);
                invalid.put("websocket.client.moved.connection-timeout", "10");
                invalid.put("websocket.client.stays.conection-timeout", "5s");
                invalid.putAll(properties("added", "uri", "http://127.0.0.1:1/"));

                // As the CDI layer does it: the connector reads its source again.
                connector.connector().configurationSource(() -> ConnectorConfiguration.readValid(invalid, Map.of()));
                ConfigurationException refused;
                try (LogCapture log = LogCapture.of("org.wsconnector")) {
                    refused = catchThrowableOfType(() -> connector.connector().reload(),
                            ConfigurationException.class);
                    assertThat(log.messages(Level.WARNING, "configuration reload refused, nothing changed: 3 "
                            + "problem(s)")).singleElement().asString().contains("WSCFG0101").contains("WSCFG0002");
                }

                assertThat(refused.problems()).extracting(ConfigProblem::client).extracting(c -> c.orElseThrow())
                        .containsExactly("added", "moved", "stays");
                assertThat(refused.getMessage()).contains("WSCFG0101").contains("WSCFG0002");
                assertThat(connector.connector().connection("added")).isEmpty();
                assertThat(connector.connection("moved").config().uri()).isEqualTo(first.uri());
                echo(connector, "moved", "unchanged");
                echo(connector, "stays", "unchanged too");
                assertThat(first.connections()).hasSize(2);
                assertThat(second.connections()).isEmpty();
                connector.events("moved").assertNoMoreEvents();
                connector.events("stays").assertNoMoreEvents();
            }
        }
    }

    @Test
    void reloadsLeaveNoThreadOrDescriptorBehindOnceTheConnectorIsClosed() throws Exception {
        ConnectorResources before = ConnectorResources.settled();
        try (EchoServer first = EchoServer.builder().start(); EchoServer second = EchoServer.builder().start()) {
            ConnectorResources serversUp = ConnectorResources.now();
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(twoClients(first, first))) {
                openBoth(connector, first);
                for (int round = 1; round <= 4; round++) {
                    EchoServer target = round % 2 == 1 ? second : first;
                    connector.connector().reload(configuration(twoClients(target, first)));
                    connector.events("moved").awaitEntered(OPEN, round + 1);
                }
                Map<String, String> removeOne = new LinkedHashMap<>(properties("stays", "uri", first.uri()));
                connector.connector().reload(configuration(removeOne));
                connector.events("moved").awaitEntered(CLOSED, 5);
            }
            ConnectorResources after = ConnectorResources.awaitBackTo(serversUp, 2);
            System.out.printf("[reload] resources before %s, with servers %s, after 5 reloads and close %s%n",
                    before, serversUp, after);
        }
    }

    /** Client {@code moved} to {@code movedTo}, client {@code stays} to {@code staysAt}. */
    private static Map<String, String> twoClients(EchoServer movedTo, EchoServer staysAt) {
        Map<String, String> properties = new LinkedHashMap<>(properties("moved", "uri", movedTo.uri()));
        properties.putAll(properties("stays", "uri", staysAt.uri()));
        return properties;
    }

    private static void openBoth(ConnectorUnderTest connector, EchoServer server) throws Exception {
        connector.connector().startPersistentClients();
        connector.connection("moved").awaitOpen(PATIENCE);
        connector.connection("stays").awaitOpen(PATIENCE);
        connector.events("moved").awaitEntered(OPEN);
        connector.events("stays").awaitEntered(OPEN);
        server.awaitOpenSessions(2, PATIENCE);
    }

    private static void echo(ConnectorUnderTest connector, String client, String text) throws Exception {
        RecordingListener events = connector.events(client);
        int before = events.texts().size();
        connector.connection(client).sendText(text).toCompletableFuture().get(PATIENCE.toMillis(),
                TimeUnit.MILLISECONDS);
        events.awaitTexts(before + 1);
        assertThat(events.texts()).last().isEqualTo(text);
    }
}
