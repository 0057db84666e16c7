package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;
import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.SendFailedException;
import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observers of the application's own types: each text message is decoded with JSON-B, through the polymorphic
 * event interface, and a message no observed type takes becomes an {@link UndecodableMessage} while the raw
 * {@link TextMessage} is still delivered and the connection stays open. The echo server plays the ARI peer.
 */
class TypedMessageTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

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

    /** A value JSON-B cannot encode: its one property throws. */
    public static class Unencodable {
        public String getChannel() {
            throw new IllegalStateException("not encodable");
        }
    }

    @ApplicationScoped
    static class AriApplication {
        /** Every delivery in the order the observers saw them, across observers. */
        final List<String> deliveries = new CopyOnWriteArrayList<>();
        final List<UndecodableMessage> undecodable = new CopyOnWriteArrayList<>();
        /** Apart: CDI leaves the order of two observers of one event unspecified. */
        final List<String> starts = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Inject
        @WebSocketClient("ari")
        ManagedWebSocket ari;

        void onText(@Observes @WebSocketClient("ari") TextMessage message) {
            deliveries.add("text " + message.text());
        }

        void onEvent(@Observes @WebSocketClient("ari") AriEvent event) {
            threads.add(Thread.currentThread().getName());
            deliveries.add("event " + event);
        }

        /** Observing a record of the family: notified for that subtype only, from the same single decode. */
        void onStasisStart(@Observes @WebSocketClient("ari") StasisStart start) {
            starts.add(start.channel());
        }

        void onUndecodable(@Observes @WebSocketClient("ari") UndecodableMessage message) {
            undecodable.add(message);
            deliveries.add("undecodable " + message.text());
        }

        ManagedWebSocket ari() {
            return ari;
        }

        List<String> deliveries() {
            return deliveries;
        }

        List<String> starts() {
            return starts;
        }

        List<UndecodableMessage> undecodable() {
            return undecodable;
        }

        Set<String> threads() {
            return threads;
        }
    }

    @Test
    void threeEventTypesDecodeAnUnknownTypeAndMalformedJsonAreUndecodableAndSendObjectEncodes()
            throws Exception {
        String start = "{\"type\":\"StasisStart\",\"channel\":\"PJSIP/1\"}";
        String dtmf = "{\"type\":\"ChannelDtmfReceived\",\"channel\":\"PJSIP/1\",\"digit\":\"5\"}";
        String hangup = "{\"type\":\"ChannelHangupRequest\",\"channel\":\"PJSIP/1\",\"cause\":16}";
        String unknown = "{\"type\":\"PlaybackStarted\",\"playback\":\"p-1\"}";
        String malformed = "{\"type\":\"StasisStart\",\"channel\":";
        String after = "{\"type\":\"StasisStart\",\"channel\":\"PJSIP/2\"}";
        try (EchoServer server = EchoServer.builder().start();
             WeldBoot boot = WeldBoot.start(Map.of("websocket.client.ari.uri", server.uri().toString()),
                     AriApplication.class)) {
            AriApplication application = boot.container().select(AriApplication.class).get();
            application.ari().awaitOpen(WAIT);
            for (String text : List.of(start, dtmf, hangup, unknown, malformed)) {
                application.ari().sendText(text);
            }
            // JSON-B writes the discriminator of the record's family, so the echo decodes as the same event
            application.ari().sendObject(new StasisStart("PJSIP/2")).toCompletableFuture().get(20, TimeUnit.SECONDS);
            await("every delivery").atMost(WAIT).until(() -> application.deliveries().size() >= 12
                    && application.starts().size() >= 2);

            assertThat(application.deliveries()).containsExactly(
                    "text " + start, "event StasisStart[channel=PJSIP/1]",
                    "text " + dtmf, "event ChannelDtmfReceived[channel=PJSIP/1, digit=5]",
                    "text " + hangup, "event ChannelHangupRequest[channel=PJSIP/1, cause=16]",
                    "text " + unknown, "undecodable " + unknown,
                    "text " + malformed, "undecodable " + malformed,
                    "text " + after, "event StasisStart[channel=PJSIP/2]");
            assertThat(application.starts()).as("one decode, both observers").containsExactly("PJSIP/1", "PJSIP/2");
            assertThat(application.undecodable()).allSatisfy(message -> {
                assertThat(message.client()).isEqualTo("ari");
                assertThat(message.reason()).as("names the type that refused it").startsWith("AriEvent: ");
            });
            assertThat(application.undecodable().get(0).reason()).as("the unknown discriminator")
                    .contains("PlaybackStarted");
            assertThat(application.ari().sendObject(new Unencodable()).toCompletableFuture())
                    .failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SendFailedException.class).withMessageContaining("could not be encoded");
            assertThat(application.ari().state()).isEqualTo(ConnectionState.OPEN);
            assertThat(application.threads()).isNotEmpty().noneMatch(name -> name.startsWith("ws-connector-io-"));
        }
    }
}
