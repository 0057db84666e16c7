package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.NotConnectedException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * Messages over a real connection: many text and binary messages sent back to back arrive at the server and
 * come back in order; a send while not open fails at once, naming client and state; server pushes arrive.
 */
class MessageDeliveryTest {
    private static final int MESSAGES = 200;

    @Test
    void textMessagesSentBackToBackArriveAndEchoInOrder() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);
            List<String> sent = IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> "message " + i).toList();

            List<CompletableFuture<Void>> sends = new ArrayList<>();
            sent.forEach(text -> sends.add(client.sendText(text).toCompletableFuture()));
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            connector.events().awaitTexts(MESSAGES);
            assertThat(connector.events().texts()).containsExactlyElementsOf(sent);
            assertThat(server.awaitConnection(c -> c.textMessages().size() == MESSAGES, WAIT, "all texts")
                    .textMessages()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void binaryMessagesSentBackToBackArriveAndEchoInOrder() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);

            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                sends.add(client.sendBinary(ByteBuffer.wrap(numbered(i))).toCompletableFuture());
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            connector.events().awaitBinaries(MESSAGES);
            List<byte[]> received = connector.events().binaries();
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(received.get(i)).as("binary message %d", i).isEqualTo(numbered(i));
            }
        }
    }

    @Test
    void sendingBeforeTheConnectionIsOpenFailsAtOnceNamingClientAndState() {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();

            NotConnectedException text = notConnected(client.sendText("too early").toCompletableFuture());
            NotConnectedException binary = notConnected(client.sendBinary(ByteBuffer.allocate(3)).toCompletableFuture());

            for (NotConnectedException failure : List.of(text, binary)) {
                assertThat(failure.client()).isEqualTo("feed");
                assertThat(failure.state()).isEqualTo(ConnectionState.CLOSED);
                assertThat(failure.getMessage()).contains("[feed]").contains("CLOSED");
            }
            assertThat(server.connections()).as("nothing opened a connection").isEmpty();
        }
    }

    @Test
    void sendingAfterTheApplicationClosedFailsNamingTheClosedState() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);
            client.close().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            NotConnectedException failure = notConnected(client.sendText("too late").toCompletableFuture());

            assertThat(failure.state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(server.awaitClientClose(1000, WAIT).textMessages()).isEmpty();
        }
    }

    @Test
    void messagesPushedByTheServerArrive() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            connector.connection().awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT);

            assertThat(server.pushText("{\"type\":\"StasisStart\"}")).isEqualTo(1);
            assertThat(server.pushBinary(new byte[]{1, 2, 3})).isEqualTo(1);

            connector.events().awaitTexts(1);
            connector.events().awaitBinaries(1);
            assertThat(connector.events().texts()).containsExactly("{\"type\":\"StasisStart\"}");
            assertThat(connector.events().binaries()).singleElement().isEqualTo(new byte[]{1, 2, 3});
        }
    }

    private static byte[] numbered(int i) {
        return ("binary " + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static NotConnectedException notConnected(CompletableFuture<Void> send) {
        assertThat(send).as("fails at once, without waiting for anything").isCompletedExceptionally();
        ExecutionException thrown = catchThrowableOfType(ExecutionException.class, send::get);
        assertThat(thrown.getCause()).isInstanceOf(NotConnectedException.class);
        return (NotConnectedException) thrown.getCause();
    }
}
