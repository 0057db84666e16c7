package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.NotConnectedException;
import org.wsconnector.SendFailedException;
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

    /**
     * The connector frames data itself (DataFrames): every length encoding (7-bit, 16-bit, 64-bit), masking tails
     * that are not a multiple of eight, and multi-byte UTF-8 must reach a strict server intact.
     */
    @Test
    void framesOfEveryLengthEncodingAndMultiByteTextArriveIntact() throws Exception {
        int[] lengths = {0, 1, 7, 8, 9, 125, 126, 127, 65_535, 65_536, 300_001};
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);
            List<String> texts = new ArrayList<>();
            List<byte[]> binaries = new ArrayList<>();
            for (int length : lengths) {
                texts.add(multiByteText(length / 2));
                byte[] bytes = new byte[length];
                new java.util.Random(length).nextBytes(bytes);
                binaries.add(bytes);
            }

            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                sends.add(client.sendText(texts.get(i)).toCompletableFuture());
                // A direct buffer and an offset array: the frame must carry exactly the remaining bytes.
                ByteBuffer data = i % 2 == 0 ? ByteBuffer.allocateDirect(binaries.get(i).length).put(binaries.get(i)).flip()
                        : ByteBuffer.wrap(prefixed(binaries.get(i)), 3, binaries.get(i).length).slice();
                sends.add(client.sendBinary(data).toCompletableFuture());
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            var received = server.awaitConnection(c -> c.textMessages().size() == lengths.length
                    && c.binaryMessages().size() == lengths.length, WAIT, "every frame");
            assertThat(received.textMessages()).containsExactlyElementsOf(texts);
            for (int i = 0; i < lengths.length; i++) {
                assertThat(received.binaryMessages().get(i)).as("binary of %d bytes", lengths[i])
                        .isEqualTo(binaries.get(i));
            }
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        }
    }

    @Test
    void aTextWithAnUnpairedSurrogateIsRefusedAndTheConnectionStaysUsable() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri())) {
            DefaultManagedWebSocket client = connector.connection();
            client.awaitOpen(WAIT);

            CompletableFuture<Void> broken = client.sendText("half a pair: \uD83D?").toCompletableFuture();
            ExecutionException thrown = catchThrowableOfType(ExecutionException.class,
                    () -> broken.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
            client.sendText("after").toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(thrown.getCause()).isInstanceOf(SendFailedException.class)
                    .hasMessageContaining("[feed] message not sent: ").hasMessageContaining("unpaired surrogate")
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(server.awaitConnection(c -> !c.textMessages().isEmpty(), WAIT, "the next text")
                    .textMessages()).containsExactly("after");
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
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

    /** {@code codePoints} code points of 1 to 4 UTF-8 bytes each, '?' among them. */
    private static String multiByteText(int codePoints) {
        int[] unit = "é€😀?a".codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(unit[i % unit.length]);
        }
        return text.toString();
    }

    private static byte[] prefixed(byte[] bytes) {
        byte[] withPrefix = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, withPrefix, 3, bytes.length);
        return withPrefix;
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
