package org.wsconnector.it.wildfly.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.it.wildfly.shared.ArrivedTexts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The application bean of the sample: uses the "direct" client and records what the connector delivered, where. */
@ApplicationScoped
public class DirectClient {
    @Inject
    @WebSocketClient("direct")
    ManagedWebSocket direct;

    private final ArrivedTexts echoes = new ArrivedTexts();
    private final List<String> messageThreads = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    void onText(@Observes @WebSocketClient("direct") TextMessage message) {
        messageThreads.add(Thread.currentThread().getName());
        echoes.add(message.text());
    }

    /** Waits until {@code text} has come back, at most {@code timeout}; false if it did not. */
    boolean awaitEcho(String text, Duration timeout) throws InterruptedException {
        return echoes.await(text, timeout);
    }

    void onState(@Observes @WebSocketClient("direct") ConnectionStateChanged change) {
        transitions.add(change + " [" + Thread.currentThread().getName() + "]");
    }

    ManagedWebSocket connection() {
        return direct;
    }

    List<String> echoes() {
        return echoes.list();
    }

    List<String> messageThreads() {
        return List.copyOf(messageThreads);
    }

    List<String> transitions() {
        return List.copyOf(transitions);
    }
}
