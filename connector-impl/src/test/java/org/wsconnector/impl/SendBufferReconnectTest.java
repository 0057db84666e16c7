package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * The send buffer against a real server that goes away and comes back on the same port: what the application sent
 * while the client was reconnecting reaches the server once it is open again, in order and once each, before what it
 * sends after the open; the OPEN event says it is a reconnect.
 */
class SendBufferReconnectTest {
    private static final int HELD = 50;

    @Test
    void messagesSentWhileReconnectingArriveInOrderOnceEachAfterTheReopen() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "reconnect.interval", "100ms", "reconnect.max-interval", "200ms",
                     "send-buffer.max-messages", String.valueOf(HELD))) {
            DefaultManagedWebSocket client = connector.connection();
            RecordingListener events = connector.events();
            client.awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT);

            server.stop();
            events.awaitEntered(RECONNECTING);
            assertThat(client.state()).as("refused until the server is back").isEqualTo(RECONNECTING);
            List<String> sent = IntStream.range(0, HELD).mapToObj(i -> "held-" + i).toList();
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            sent.forEach(text -> stages.add(client.sendText(text).toCompletableFuture()));
            assertThat(stages).as("held, not failed").noneMatch(CompletableFuture::isCompletedExceptionally);
            server.start();
            ConnectionStateChanged reopened = events.awaitEntered(OPEN, 2);
            CompletableFuture<Void> after = client.sendText("after the reopen").toCompletableFuture();

            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(),
                    TimeUnit.MILLISECONDS);
            after.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            events.awaitTexts(HELD + 1);
            List<String> expected = new ArrayList<>(sent);
            expected.add("after the reopen");
            assertThat(events.texts()).as("echoed in order, none lost or duplicated").containsExactlyElementsOf(
                    expected);
            assertThat(reopened.reconnect()).isTrue();
            assertThat(server.connections()).hasSize(2);
        }
    }
}
