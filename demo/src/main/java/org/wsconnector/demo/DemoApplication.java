package org.wsconnector.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What an application writes: inject the client by name, observe its messages and state changes. */
@ApplicationScoped
public class DemoApplication {
    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @WebSocketClient("echo")
    ManagedWebSocket echo;

    void onMessage(@Observes @WebSocketClient("echo") TextMessage message) {
        received.add(message.text());
        Demo.say("received: " + message.text());
    }

    void onState(@Observes @WebSocketClient("echo") ConnectionStateChanged change) {
        Demo.say("state:    " + change);
    }

    ManagedWebSocket echo() {
        return echo;
    }

    List<String> received() {
        return received;
    }
}
