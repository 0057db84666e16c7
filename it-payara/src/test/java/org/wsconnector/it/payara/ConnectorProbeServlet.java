package org.wsconnector.it.payara;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.security.CodeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Deployed inside the test WAR: reports over HTTP what the injected client looks like from inside Payara — its
 * state, and which jar each Tyrus and WebSocket API class was loaded from (the server's modules or the WAR).
 * {@code ?client=secure} picks the wss client instead of the plain {@code echo} one; {@code ?send=<text>} sends a
 * text message; {@code received=} lists that client's echoes observed as CDI events so far. Plain-text
 * {@code key=value} lines, one per fact.
 */
@WebServlet("/probe")
public class ConnectorProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Classes whose origin tells which Tyrus links to the connector's own container. */
    static final String[] ORIGINS = {
            "org.glassfish.tyrus.client.ClientManager",
            "org.glassfish.tyrus.spi.ClientContainer",
            "org.glassfish.tyrus.core.TyrusUpgradeResponse",
            "jakarta.websocket.Session",
    };

    @Inject
    @WebSocketClient("echo")
    transient ManagedWebSocket echo;

    @Inject
    @WebSocketClient("secure")
    transient ManagedWebSocket secure;

    @Inject
    transient EchoReplies replies;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        ManagedWebSocket client = "secure".equals(request.getParameter("client")) ? secure : echo;
        try {
            client.awaitOpen(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException notOpen) {
            out.println("awaitOpen=" + notOpen);
        }
        out.println("state=" + client.state());
        for (String name : ORIGINS) {
            out.println(name + "=" + origin(name));
        }
        String text = request.getParameter("send");
        if (text != null) {
            try {
                client.sendText(text).toCompletableFuture().get(5, TimeUnit.SECONDS);
                out.println("sent=" + text);
            } catch (Exception e) {
                out.println("sent=failed: " + e);
            }
        }
        out.println("received=" + String.join("|", replies.texts(client.name())));
    }

    private static String origin(String className) {
        try {
            Class<?> type = Class.forName(className, false, ConnectorProbeServlet.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? "unknown" : source.getLocation().toString();
        } catch (ClassNotFoundException | LinkageError e) {
            return "not loadable: " + e;
        }
    }
}
