package org.wsconnector.impl.json;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.TextMessage;
import org.wsconnector.TypedMessageListener;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.LogCapture;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A programmatic (non-CDI) user of typed messages: a {@link TypedMessageListener} of a sealed {@code @JsonbTypeInfo}
 * family, registered through {@link JsonMessages} on a real connection to a Tyrus echo server, decoded by real
 * Yasson. Three event types arrive as records, an unknown type and malformed JSON as undecodable (a WARNING line,
 * the raw message still delivered, the connection still OPEN), all in the order sent, on the delivery lane.
 */
class TypedMessageListenerTest {
    private static final Duration WAIT = ConnectorUnderTest.PATIENCE;

    /** A market feed's family, keyed by {@code event}: the ARI family is the CDI tests' (TypedMessageTest). */
    @JsonbTypeInfo(key = "event", value = {
            @JsonbSubtype(alias = "quote", type = Quote.class),
            @JsonbSubtype(alias = "trade", type = Trade.class),
            @JsonbSubtype(alias = "halt", type = Halt.class)})
    sealed interface FeedEvent permits Quote, Trade, Halt {
    }

    public record Quote(String symbol, BigDecimal bid, BigDecimal ask) implements FeedEvent {
    }

    public record Trade(String symbol, BigDecimal price, long quantity) implements FeedEvent {
    }

    public record Halt(String symbol, String reason) implements FeedEvent {
    }

    /** Raw and typed callbacks in one list, in the order they ran, and the threads they ran on. */
    private static final class Recorder implements TypedMessageListener<FeedEvent>, WebSocketListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void onText(TextMessage message) {
            calls.add("text " + message.text());
        }

        @Override
        public void onMessage(FeedEvent message) {
            threads.add(Thread.currentThread().getName());
            calls.add("event " + message);
        }

        @Override
        public void onUndecodable(UndecodableMessage message) {
            threads.add(Thread.currentThread().getName());
            undecodable.add(message);
            calls.add("undecodable " + message.text());
        }
    }

    @Test
    void threeEventTypesDecodeAnUnknownTypeAndMalformedJsonAreUndecodableAndOrderIsKept() throws Exception {
        String unknown = "{\"event\":\"dividend\",\"symbol\":\"ACME\"}";
        String malformed = "{\"event\":\"quote\",\"symbol\":";
        Quote quote = new Quote("ACME", new BigDecimal("10.25"), new BigDecimal("10.27"));
        Trade trade = new Trade("ACME", new BigDecimal("10.26"), 300);
        Halt halt = new Halt("ACME", "volatility");
        Recorder recorder = new Recorder();
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri());
             JsonMessages json = JsonMessages.create();
             LogCapture log = LogCapture.of(DecodingListener.class.getName())) {
            DefaultManagedWebSocket feed = connector.connection();
            feed.useEncoder(json::encode);
            feed.addListener(recorder);
            feed.addListener(json.listener(FeedEvent.class, recorder));
            feed.awaitOpen(WAIT);

            // sendObject writes each record with its discriminator; the echo server sends every message back
            feed.sendObject(quote);
            feed.sendText(unknown);
            feed.sendObject(trade);
            feed.sendText(malformed);
            feed.sendObject(halt).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            await().atMost(WAIT).until(() -> recorder.calls.size() == 10);
            String quoteJson = "{\"event\":\"quote\",\"ask\":10.27,\"bid\":10.25,\"symbol\":\"ACME\"}";
            assertThat(recorder.calls).as("raw and typed deliveries, in the order sent").containsExactly(
                    "text " + quoteJson, "event " + quote,
                    "text " + unknown, "undecodable " + unknown,
                    "text " + json.encode(trade), "event " + trade,
                    "text " + malformed, "undecodable " + malformed,
                    "text " + json.encode(halt), "event " + halt);
            assertThat(recorder.undecodable).extracting(UndecodableMessage::client).containsOnly("feed");
            assertThat(recorder.undecodable.get(0).reason()).as("JSON-B's reason, naming the type")
                    .contains("FeedEvent");
            assertThat(recorder.threads).as("never the I/O thread")
                    .noneMatch(name -> name.startsWith(ConnectorUnderTest.IO_THREAD_PREFIX));
            assertThat(log.messages(Level.WARNING, "matches none of the observed types"))
                    .as("one line for the first; the second, within the minute, only counted").singleElement()
                    .asString().contains("'feed'");
            assertThat(feed.state()).isEqualTo(ConnectionState.OPEN);
            assertThat(connector.events().states()).as("no state change after the open")
                    .containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
        }
    }

    @Test
    void aListenerOfOneRecordTakesThatSubtypeAndNoOtherMemberOfItsFamily() throws Exception {
        List<Halt> halts = new CopyOnWriteArrayList<>();
        List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        try (JsonMessages json = JsonMessages.create()) {
            WebSocketListener listener = json.listener(Halt.class, new TypedMessageListener<>() {
                @Override
                public void onMessage(Halt message) {
                    halts.add(message);
                }

                @Override
                public void onUndecodable(UndecodableMessage message) {
                    undecodable.add(message);
                }
            });
            listener.onText(new TextMessage("feed", "{\"event\":\"trade\",\"symbol\":\"X\",\"quantity\":1}"));
            listener.onText(new TextMessage("feed", "{\"event\":\"halt\",\"symbol\":\"X\",\"reason\":\"news\"}"));

            assertThat(halts).containsExactly(new Halt("X", "news"));
            assertThat(undecodable).as("a known member of the family is decodable, only not wanted here").isEmpty();
        }
    }
}
