package com.example.quickstart;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@ApplicationScoped
public class EchoClient {
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

    @Inject
    @WebSocketClient("echo") // websocket.client.echo.* in microprofile-config.properties
    ManagedWebSocket echo;

    void onMessage(@Observes @WebSocketClient("echo") TextMessage message) {
        replies.add(message.text());
    }

    void onStateChange(@Observes @WebSocketClient("echo") ConnectionStateChanged change) {
        System.out.println("state: " + change);
    }

    /** Sends {@code text} and returns the first message that comes back; waits at most {@code timeout} for each step. */
    public String sendAndAwaitReply(String text, Duration timeout) throws Exception {
        // A persistent client starts connecting when the application starts: wait until it is OPEN, or the send
        // fails with NotConnectedException (state CONNECTING).
        echo.awaitOpen(timeout);
        echo.sendText(text).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new TimeoutException("no reply from " + echo.name() + " within " + timeout);
        }
        return reply;
    }
}
