package org.wsconnector.it.wildfly.delivery;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives and reports the delivery WAR as JSON. {@code ?await=<ms>} waits until both clients are open;
 * {@code ?burst=<n>&prefix=<p>} sends n texts {@code p-0000}, {@code p-0001}, ... on "feed", whose echoes the
 * {@link FeedRecorder} stores; {@code ?slow=<text>} sends one that makes the recorder work 5 s; {@code ?echo=<text>}
 * sends a text on "ping" and waits (bounded) for its echo; {@code ?rows=true} adds the stored texts.
 */
@WebServlet("/delivery")
public class DeliveryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration SEND_WAIT = Duration.ofSeconds(30);

    @Inject
    @WebSocketClient("feed")
    ManagedWebSocket feed;

    @Inject
    @WebSocketClient("ping")
    ManagedWebSocket ping;

    @Inject
    FeedRecorder recorder;

    @Inject
    PingWatch watch;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder json = Json.createObjectBuilder();
        try {
            String await = request.getParameter("await");
            for (ManagedWebSocket client : await != null ? List.of(feed, ping) : List.<ManagedWebSocket>of()) {
                client.awaitOpen(Duration.ofMillis(Long.parseLong(await)));
            }
            String burst = request.getParameter("burst");
            if (burst != null) {
                sendBurst(Integer.parseInt(burst), request.getParameter("prefix"));
            }
            String slow = request.getParameter("slow");
            if (slow != null) {
                feed.sendText(FeedRecorder.SLOW_PREFIX + slow).toCompletableFuture()
                        .get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            String echo = request.getParameter("echo");
            if (echo != null) {
                ping.sendText(echo).toCompletableFuture().get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                json.add("echoed", watch.awaitEcho(echo, Duration.ofSeconds(10)));
            }
        } catch (Exception e) {
            json.add("error", e.toString());
        }
        List<ReceivedMessage> rows = recorder.rows();
        json.add("feedState", feed.state().name())
                .add("pingState", ping.state().name())
                .add("pingAnswered", ping.lastPingRoundTrip().isPresent())
                .add("transitions", array(watch.transitions()))
                .add("feedWorking", recorder.working())
                .add("echoesWhileFeedWorked", array(watch.echoesWhileFeedWorked()))
                .add("rowCount", rows.size())
                .add("sequencesInOrder", sequencesInOrder(rows))
                .add("rowsWithoutRequestId", rows.stream().filter(row -> row.requestId() == null).count());
        if (Boolean.parseBoolean(request.getParameter("rows"))) {
            json.add("rows", array(rows.stream().map(ReceivedMessage::text).toList()));
        }
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }

    /** Sends all, then waits for every send to be written: a burst, not a request-response sequence. */
    private void sendBurst(int count, String prefix) throws Exception {
        List<CompletableFuture<Void>> sends = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sends.add(feed.sendText(String.format(Locale.ROOT, "%s-%04d", prefix, i)).toCompletableFuture());
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(SEND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The n-th stored row (by insert order) carries delivery number n: nothing was stored out of turn. */
    private static boolean sequencesInOrder(List<ReceivedMessage> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).sequence() != i + 1) {
                return false;
            }
        }
        return true;
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }
}
