package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.NotConnectedException;
import org.wsconnector.SendBufferException;
import org.wsconnector.SendBufferException.Kind;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * The send buffer on virtual time: sends made while not open are held in order and written on the next open before
 * any newer send, a send a bound would exceed is refused at once, a held message expires at exactly max-age, and
 * what is held fails when the client closes, aborts or ends FAILED. Off by default.
 */
class SendBufferTest {
    private static final Duration LATER = Duration.ofHours(1);
    private static final long PATIENCE_SECONDS = 20;

    @Test
    void offByDefaultASendWhileReconnectingFailsAtOnce() {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/")) {
            CompletionStage<Void> sent = connector.connection().sendText("lost");

            assertThat(failureOf(sent)).isInstanceOf(NotConnectedException.class);
            connector.virtualScheduler().advance(LATER);
            assertThat(connector.transport().lastLink().textsSent()).isEmpty();
        }
    }

    @Test
    void heldMessagesAreWrittenInOrderOnTheNextOpenBeforeANewerSend() throws Exception {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/", "send-buffer.max-messages", "10")) {
            DefaultManagedWebSocket client = connector.connection();
            List<CompletionStage<Void>> held = List.of(client.sendText("a"), client.sendText("b"),
                    client.sendText("c"));
            // A send arriving while the held messages are being written queues behind them, not between them.
            List<CompletionStage<Void>> racing = new ArrayList<>();
            connector.transport().onTextWritten(text -> {
                if (text.equals("a")) {
                    racing.add(client.sendText("newer"));
                }
            });

            connector.virtualScheduler().advance(LATER);
            CompletionStage<Void> after = client.sendText("after open");

            assertThat(client.state()).isEqualTo(OPEN);
            assertThat(connector.transport().lastLink().textsSent()).containsExactly("a", "b", "c", "newer",
                    "after open");
            for (CompletionStage<Void> stage : held) {
                stage.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            racing.get(0).toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            after.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(connector.transport().links().get(0).textsSent()).as("nothing on the lost link").isEmpty();
        }
    }

    /**
     * More held messages than one drain writes in a go (256): the rest follows in a second go, which a loss noticed in
     * between cuts short; what was not written yet stays held, in order, for the next open.
     */
    @Test
    void aLossBetweenTwoGoesOfTheDrainKeepsTheRestHeldForTheNextOpen() throws Exception {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/", "send-buffer.max-messages", "1000")) {
            DefaultManagedWebSocket client = connector.connection();
            List<String> texts = IntStream.range(0, 300).mapToObj(i -> "m" + i).toList();
            List<CompletionStage<Void>> held = texts.stream().map(client::sendText).toList();
            connector.transport().onTextWritten(text -> {
                if (text.equals("m255")) {
                    connector.transport().lastLink().peerCloses(1001, "going away"); // noticed before the next go
                }
            });

            connector.virtualScheduler().advance(LATER);

            List<ScriptedTransport.ScriptedLink> links = connector.transport().links();
            assertThat(links).hasSize(3);
            assertThat(links.get(1).textsSent()).containsExactlyElementsOf(texts.subList(0, 256));
            assertThat(links.get(2).textsSent()).containsExactlyElementsOf(texts.subList(256, 300));
            for (CompletionStage<Void> stage : held) {
                stage.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            }
            assertThat(connector.events().eventsInto(OPEN)).extracting(ConnectionStateChanged::reconnect)
                    .containsExactly(false, true, true);
        }
    }

    @Test
    void aSendBeyondMaxMessagesIsRefusedAtOnceAndTheHeldOnesStay() throws Exception {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/", "send-buffer.max-messages", "2")) {
            DefaultManagedWebSocket client = connector.connection();
            CompletionStage<Void> first = client.sendText("1");
            CompletionStage<Void> second = client.sendText("2");
            CompletionStage<Void> third = client.sendText("3");

            SendBufferException refused = (SendBufferException) failureOf(third);
            assertThat(refused.kind()).isEqualTo(Kind.FULL);
            assertThat(refused).hasMessageContaining("send-buffer.max-messages = 2");
            connector.virtualScheduler().advance(LATER);

            assertThat(connector.transport().lastLink().textsSent()).containsExactly("1", "2");
            first.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            second.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSendBeyondMaxBytesCountedInUtf8IsRefusedWhileASmallerOneStillFits() {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/", "send-buffer.max-bytes", "1KiB")) {
            DefaultManagedWebSocket client = connector.connection();
            String euros = "€".repeat(300); // 900 bytes in UTF-8, 300 characters
            assertThat(euros.getBytes(StandardCharsets.UTF_8)).hasSize(900);
            client.sendText(euros);
            CompletionStage<Void> tooMany = client.sendText("x".repeat(125));
            CompletionStage<Void> exact = client.sendBinary(ByteBuffer.allocate(124));

            SendBufferException refused = (SendBufferException) failureOf(tooMany);
            assertThat(refused.kind()).isEqualTo(Kind.FULL);
            assertThat(refused).hasMessageContaining("125 bytes would exceed send-buffer.max-bytes = 1024");
            assertThat(exact.toCompletableFuture()).as("900 + 124 = 1024 fits").isNotDone();
            connector.virtualScheduler().advance(LATER);
            assertThat(connector.transport().lastLink().textsSent()).containsExactly(euros);
        }
    }

    @Test
    void aHeldBinaryMessageIsACopyTheApplicationMayReuseItsBufferAtOnce() throws Exception {
        try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/", "send-buffer.max-messages", "10")) {
            ByteBuffer reused = ByteBuffer.wrap(new byte[]{9, 1, 2, 3}).position(1);
            CompletionStage<Void> held = connector.connection().sendBinary(reused);
            assertThat(reused.position()).as("position not moved").isEqualTo(1);
            reused.put(1, (byte) 7); // the application fills its buffer with the next message

            connector.virtualScheduler().advance(LATER);

            assertThat(connector.transport().lastLink().binariesSent()).containsExactly(new byte[]{1, 2, 3});
            held.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHeldMessageExpiresAtExactlyMaxAgeAndAYoungerOneIsStillWritten() throws Exception {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "buffered", "uri",
                "ws://127.0.0.1:9/", "reconnect.interval", "3s", "reconnect.jitter", "0",
                "send-buffer.max-age", "5s")) {
            VirtualScheduler time = connector.virtualScheduler();
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED); // open at 3s + 6s = 9s
            client.open();
            time.runDue();
            assertThat(client.state()).isEqualTo(RECONNECTING);
            CompletionStage<Void> old = client.sendText("old");
            time.advance(Duration.ofMillis(4500));
            CompletionStage<Void> young = client.sendText("young");

            time.advance(Duration.ofMillis(500).minusNanos(1));
            assertThat(old.toCompletableFuture()).as("held 1 ns less than max-age").isNotDone();
            time.advance(Duration.ofNanos(1));
            SendBufferException expired = (SendBufferException) failureOf(old);

            assertThat(expired.kind()).isEqualTo(Kind.EXPIRED);
            assertThat(expired).hasMessageContaining("send-buffer.max-age = 5s");
            time.advance(Duration.ofSeconds(4)); // the third attempt opens at 9s: "young" was held 4.5s
            assertThat(client.state()).isEqualTo(OPEN);
            assertThat(connector.transport().lastLink().textsSent()).containsExactly("young");
            young.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(time.queued()).as("no expiry timer left, only the pings' if any").isZero();
        }
    }

    @Test
    void heldMessagesFailWhenTheApplicationClosesOrAborts() {
        for (boolean abort : new boolean[]{false, true}) {
            try (ConnectorUnderTest connector = lostOnce("uri", "ws://127.0.0.1:9/",
                    "send-buffer.max-messages", "10")) {
                DefaultManagedWebSocket client = connector.connection();
                CompletionStage<Void> held = client.sendText("never");
                if (abort) {
                    client.abort();
                } else {
                    client.close();
                }
                connector.virtualScheduler().runDue(); // the stages end on a callback worker, here virtual time

                SendBufferException failure = (SendBufferException) failureOf(held);
                assertThat(failure.kind()).as("abort " + abort).isEqualTo(Kind.CLOSED);
                assertThat(failureOf(client.sendText("while closed"))).as("no buffer once closed")
                        .isInstanceOf(NotConnectedException.class);
                connector.virtualScheduler().advance(LATER);
                assertThat(connector.transport().links()).allSatisfy(link ->
                        assertThat(link.textsSent()).isEmpty());
                assertThat(connector.virtualScheduler().queued()).as("no expiry timer left").isZero();
            }
        }
    }

    @Test
    void heldMessagesFailWithTheCycleFailureWhenTheClientEndsFailed() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "buffered", "uri",
                "ws://127.0.0.1:9/", "connection-type", "on-demand", "reconnect.attempts", "2",
                "send-buffer.max-messages", "10")) {
            connector.transport().laterAttempts(Outcome.REFUSED);
            DefaultManagedWebSocket client = connector.connection();
            client.open();
            connector.virtualScheduler().runDue();
            CompletionStage<Void> held = client.sendText("never");

            connector.virtualScheduler().advance(LATER);

            SendBufferException failure = (SendBufferException) failureOf(held);
            assertThat(failure.kind()).isEqualTo(Kind.FAILED);
            assertThat(failure).hasMessageContaining("the client gave up reconnecting")
                    .hasMessageContaining("refused");
            assertThat(failure.getCause()).isNotNull();
        }
    }

    /** A client with the given keys, opened once and lost: RECONNECTING, with a retry due. */
    private static ConnectorUnderTest lostOnce(Object... keysAndValues) {
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "buffered", keysAndValues);
        connector.connection().open();
        connector.virtualScheduler().runDue();
        connector.transport().lastLink().peerCloses(1001, "going away");
        connector.virtualScheduler().runDue();
        assertThat(connector.connection().state()).isEqualTo(RECONNECTING);
        return connector;
    }

    /**
     * The exception a stage fails with, waiting for it at most a bounded time. Held stages end on a callback worker,
     * which on virtual time runs when the test advances it.
     */
    private static Throwable failureOf(CompletionStage<Void> stage) {
        Throwable thrown = catchThrowable(() -> stage.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        return thrown.getCause();
    }
}
