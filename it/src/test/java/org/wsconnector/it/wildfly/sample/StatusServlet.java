package org.wsconnector.it.wildfly.sample;

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

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Reports the "direct" and "proxied" clients as JSON. {@code ?await=<ms>} first waits until both are open; {@code ?send=<text>} then
 * sends the text and waits (bounded) for its echo.
 */
@WebServlet("/status")
public class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    @WebSocketClient("direct")
    ManagedWebSocket direct; // injected here too: a servlet is an injection point like any bean

    @Inject
    @WebSocketClient("proxied")
    ManagedWebSocket proxied; // wss through squid

    @Inject
    DirectClient client;

    @Inject
    ConnectorLogCapture log;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder json = Json.createObjectBuilder();
        try {
            String await = request.getParameter("await");
            if (await != null) {
                direct.awaitOpen(Duration.ofMillis(Long.parseLong(await)));
                proxied.awaitOpen(Duration.ofMillis(Long.parseLong(await)));
            }
            String send = request.getParameter("send");
            if (send != null) {
                direct.sendText(send).toCompletableFuture().get(5, TimeUnit.SECONDS);
                client.awaitEcho(send, Duration.ofSeconds(5));
            }
        } catch (Exception e) {
            json.add("error", e.toString());
        }
        json.add("injected", direct != null && client.connection() != null)
                .add("name", direct.name())
                .add("state", direct.state().name())
                .add("stateSeenByBean", client.connection().state().name())
                .add("proxiedState", proxied.state().name())
                .add("proxiedPingAnswered", proxied.lastPingRoundTrip().isPresent())
                .add("managedScheduler", lookup("java:comp/DefaultManagedScheduledExecutorService"))
                .add("echoes", array(client.echoes()))
                .add("messageThreads", array(client.messageThreads()))
                .add("transitions", array(client.transitions()))
                .add("log", array(log.records()));
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }

    private static JsonArrayBuilder array(Collection<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static String lookup(String name) {
        try {
            return new InitialContext().lookup(name).getClass().getName();
        } catch (NamingException e) {
            return "not found: " + e;
        }
    }
}
