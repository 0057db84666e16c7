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

    @JsonbTypeInfo(key = "type", value = {
            @JsonbSubtype(alias = "StasisStart", type = StasisStart.class),
            @JsonbSubtype(alias = "ChannelDtmfReceived", type = ChannelDtmfReceived.class),
            @JsonbSubtype(alias = "ChannelHangupRequest", type = ChannelHangupRequest.class)})
    sealed interface AriEvent {
    }

    public record StasisStart(String channel) implements AriEvent {
    }

    public record ChannelDtmfReceived(String channel, String digit) implements AriEvent {
    }

    public record ChannelHangupRequest(String channel, int cause) implements AriEvent {
    }

    /** Raw and typed callbacks in one list, in the order they ran, and the threads they ran on. */
    private static final class Recorder implements TypedMessageListener<AriEvent>, WebSocketListener {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void onText(TextMessage message) {
            calls.add("text " + message.text());
        }

        @Override
        public void onMessage(AriEvent message) {
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
        String unknown = "{\"type\":\"PlaybackStarted\",\"playback\":\"p-1\"}";
        String malformed = "{\"type\":\"StasisStart\",\"channel\":";
        StasisStart start = new StasisStart("PJSIP/1");
        ChannelDtmfReceived dtmf = new ChannelDtmfReceived("PJSIP/1", "5");
        ChannelHangupRequest hangup = new ChannelHangupRequest("PJSIP/1", 16);
        Recorder recorder = new Recorder();
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri());
             JsonMessages json = JsonMessages.create();
             LogCapture log = LogCapture.of(DecodingListener.class.getName())) {
            DefaultManagedWebSocket ari = connector.connection();
            ari.useEncoder(json::encode);
            ari.addListener(recorder);
            ari.addListener(json.listener(AriEvent.class, recorder));
            ari.awaitOpen(WAIT);

            // sendObject writes each record with its discriminator; the echo server sends every message back
            ari.sendObject(start);
            ari.sendText(unknown);
            ari.sendObject(dtmf);
            ari.sendText(malformed);
            ari.sendObject(hangup).toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            await().atMost(WAIT).until(() -> recorder.calls.size() == 10);
            String startJson = "{\"type\":\"StasisStart\",\"channel\":\"PJSIP/1\"}";
            assertThat(recorder.calls).as("raw and typed deliveries, in the order sent").containsExactly(
                    "text " + startJson, "event " + start,
                    "text " + unknown, "undecodable " + unknown,
                    "text " + json.encode(dtmf), "event " + dtmf,
                    "text " + malformed, "undecodable " + malformed,
                    "text " + json.encode(hangup), "event " + hangup);
            assertThat(recorder.undecodable).extracting(UndecodableMessage::client).containsOnly("ari");
            assertThat(recorder.undecodable.get(0).reason()).as("JSON-B's reason, naming the type")
                    .contains("AriEvent");
            assertThat(recorder.threads).as("never the I/O thread")
                    .noneMatch(name -> name.startsWith(ConnectorUnderTest.IO_THREAD_PREFIX));
            assertThat(log.messages(Level.WARNING, "matches none of the observed types"))
                    .as("one line for the first; the second, within the minute, only counted").singleElement()
                    .asString().contains("'ari'");
            assertThat(ari.state()).isEqualTo(ConnectionState.OPEN);
            assertThat(connector.events().states()).as("no state change after the open")
                    .containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
        }
    }

    @Test
    void aListenerOfOneRecordTakesThatSubtypeAndNoOtherMemberOfItsFamily() throws Exception {
        List<StasisStart> starts = new CopyOnWriteArrayList<>();
        List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        try (JsonMessages json = JsonMessages.create()) {
            WebSocketListener listener = json.listener(StasisStart.class, new TypedMessageListener<>() {
                @Override
                public void onMessage(StasisStart message) {
                    starts.add(message);
                }

                @Override
                public void onUndecodable(UndecodableMessage message) {
                    undecodable.add(message);
                }
            });
            listener.onText(new TextMessage("ari",
                    "{\"type\":\"ChannelDtmfReceived\",\"channel\":\"c\",\"digit\":\"1\"}"));
            listener.onText(new TextMessage("ari", "{\"type\":\"StasisStart\",\"channel\":\"c\"}"));

            assertThat(starts).containsExactly(new StasisStart("c"));
            assertThat(undecodable).as("a known member of the family is decodable, only not wanted here").isEmpty();
        }
    }
}
