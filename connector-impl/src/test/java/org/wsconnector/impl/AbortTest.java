package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * {@code abort()} over Tyrus against a real server: the server sees the TCP connection end without a close frame,
 * the client is CLOSED at once with one event and no cause, and no reconnect follows within several backoff
 * intervals. (Every state, exactly timed: {@code ApplicationCloseAndAbortTest} on virtual time.)
 */
class AbortTest {

    @Test
    void abortWhileOpenEndsTheConnectionWithoutCloseFrameAndNeverReconnects() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("dropped", "uri", server.uri(),
                     "reconnect.interval", "100ms")) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);
            connector.events().awaitEntered(ConnectionState.OPEN);

            client.abort();

            assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
            ConnectionSnapshot ended = server.awaitConnection(connection -> !connection.open(), WAIT,
                    "the server's session ended");
            assertThat(ended.closeFrameFromClient()).as("no close frame").isFalse();
            ConnectionStateChanged closed = connector.events().awaitEntered(ConnectionState.CLOSED);
            assertThat(closed.previous()).isEqualTo(ConnectionState.OPEN);
            assertThat(closed.cause()).isEmpty();
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> server.connections().size() == 1 && client.state() == ConnectionState.CLOSED);
            connector.events().assertNoMoreEvents();
        }
    }
}
