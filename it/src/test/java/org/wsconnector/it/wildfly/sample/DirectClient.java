package org.wsconnector.it.wildfly.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The application bean of the sample: uses the "direct" client and records what the connector delivered, where. */
@ApplicationScoped
public class DirectClient {
    @Inject
    @WebSocketClient("direct")
    ManagedWebSocket direct;

    private final List<String> echoes = new CopyOnWriteArrayList<>();
    private final List<String> messageThreads = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    void onText(@Observes @WebSocketClient("direct") TextMessage message) {
        messageThreads.add(Thread.currentThread().getName());
        synchronized (echoes) {
            echoes.add(message.text());
            echoes.notifyAll();
        }
    }

    /** Waits until {@code text} has come back, at most {@code timeout}; false if it did not. */
    boolean awaitEcho(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (echoes) {
            while (!echoes.contains(text)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(echoes, left);
            }
            return true;
        }
    }

    void onState(@Observes @WebSocketClient("direct") ConnectionStateChanged change) {
        transitions.add(change + " [" + Thread.currentThread().getName() + "]");
    }

    ManagedWebSocket connection() {
        return direct;
    }

    List<String> echoes() {
        return List.copyOf(echoes);
    }

    List<String> messageThreads() {
        return List.copyOf(messageThreads);
    }

    List<String> transitions() {
        return List.copyOf(transitions);
    }
}
