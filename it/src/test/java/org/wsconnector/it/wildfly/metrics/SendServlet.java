package org.wsconnector.it.wildfly.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Drives the "metered" client from the test: {@code ?count=<n>} waits until it is open, sends n text messages one
 * after the other (each written before the next) and answers the client's state; the echo server sends each back.
 */
@WebServlet("/send")
public class SendServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Inject
    @WebSocketClient("metered")
    ManagedWebSocket metered;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        try {
            int count = Integer.parseInt(request.getParameter("count"));
            metered.awaitOpen(PATIENCE);
            for (int i = 0; i < count; i++) {
                metered.sendText("metered " + i).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            response.getWriter().print(metered.state());
        } catch (Exception | AssertionError failed) {
            response.setStatus(500);
            response.getWriter().print(failed);
        }
    }
}
