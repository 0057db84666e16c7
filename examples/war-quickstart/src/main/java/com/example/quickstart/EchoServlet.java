package com.example.quickstart;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;
import org.wsconnector.WebSocketConnectorException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code POST /echo?text=...} sends through the "echo" client; {@code GET /echo} lists the last messages received. */
@WebServlet("/echo")
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    @WebSocketClient("echo")
    ManagedWebSocket echo;

    @Inject
    EchoReplies replies;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = request.getParameter("text");
        if (text == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "parameter 'text' is missing");
            return;
        }
        try {
            echo.awaitOpen(Duration.ofSeconds(5)); // returns at once when OPEN; right after deploy it may be CONNECTING
            echo.sendText(text).toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (WebSocketConnectorException | ExecutionException | TimeoutException e) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "not sent: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        }
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
        response.setContentType("text/plain");
        response.getWriter().println("sent to " + echo.name());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().println(echo.name() + ": " + echo.state());
        replies.latest().forEach(response.getWriter()::println);
    }
}
