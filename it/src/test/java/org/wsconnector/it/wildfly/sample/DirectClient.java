package org.wsconnector.it.wildfly.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
        echoes.add(message.text());
        messageThreads.add(Thread.currentThread().getName());
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
