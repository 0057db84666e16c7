package org.wsconnector.it.wildfly.typed;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.it.wildfly.shared.JsonReply;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Drives and reports the typed WAR as JSON. {@code ?await=<ms>} waits until "ari" is open; {@code ?send=true} sends,
 * in this order, a StasisStart and a ChannelDtmfReceived with {@code sendObject}, then an event of an unknown type and
 * malformed JSON as text; the echo server sends each back. Reports the state, what the {@link TypedRecorder} saw and
 * which JSON-B implementation the server gives the application (the WAR packages none).
 */
@WebServlet("/typed")
public class TypedServlet extends HttpServlet {
    public static final String UNKNOWN = "{\"type\":\"PlaybackStarted\",\"playback\":\"p-1\"}";
    public static final String MALFORMED = "{\"type\":\"StasisStart\",\"channel\":";
    private static final long serialVersionUID = 1L;
    private static final Duration SEND_WAIT = Duration.ofSeconds(30);

    @Inject
    TypedRecorder recorder;

    @Inject
    @WebSocketClient("ari")
    ManagedWebSocket ari;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> error = drive(request);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("state", ari.state().name())
                .add("jsonb", serversJsonb())
                .add("deliveries", JsonReply.array(recorder.deliveries()))
                .add("starts", JsonReply.array(recorder.starts()))
                .add("reasons", JsonReply.array(recorder.reasons()));
        error.ifPresent(failure -> json.add("error", failure));
        JsonReply.write(response, json);
    }

    /** Does what the query asks; what went wrong, if anything. */
    private Optional<String> drive(HttpServletRequest request) {
        try {
            String await = request.getParameter("await");
            if (await != null) {
                ari.awaitOpen(Duration.ofMillis(Long.parseLong(await)));
            }
            if (Boolean.parseBoolean(request.getParameter("send"))) {
                // each awaited, so that a failed send (e.g. no encoder) is reported rather than lost
                for (CompletionStage<Void> send : List.of(ari.sendObject(new AriEvent.StasisStart("PJSIP/1")),
                        ari.sendObject(new AriEvent.ChannelDtmfReceived("PJSIP/1", "5")),
                        ari.sendText(UNKNOWN), ari.sendText(MALFORMED))) {
                    send.toCompletableFuture().get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e.toString());
        }
    }

    /** The class of the JSON-B the server gives the application through the standard lookup. */
    private static String serversJsonb() {
        try (Jsonb jsonb = JsonbBuilder.create()) {
            return jsonb.getClass().getName();
        } catch (Exception e) {
            return "none: " + e;
        }
    }
}
