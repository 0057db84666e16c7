package com.example.quickstart;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.logging.Logger;

/** Keeps the last messages the "echo" client received; the server runs these observers on its managed executor. */
@ApplicationScoped
public class EchoReplies {
    private static final Logger LOG = Logger.getLogger(EchoReplies.class.getName());
    private static final int KEPT = 10;

    private final Deque<String> latest = new ArrayDeque<>();

    void onMessage(@Observes @WebSocketClient("echo") TextMessage message) {
        synchronized (latest) {
            latest.addFirst(message.text());
            if (latest.size() > KEPT) {
                latest.removeLast();
            }
        }
    }

    void onStateChange(@Observes @WebSocketClient("echo") ConnectionStateChanged change) {
        LOG.info(change.toString());
    }

    /** The last messages received, newest first. */
    public List<String> latest() {
        synchronized (latest) {
            return List.copyOf(latest);
        }
    }
}
