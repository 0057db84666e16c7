package org.wsconnector.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Typed messages: observe the domain's events instead of parsing text; send them with {@code sendObject}. */
@ApplicationScoped
public class AriApplication {
    private final List<AriEvent> events = new CopyOnWriteArrayList<>();

    @Inject
    @WebSocketClient("ari")
    ManagedWebSocket ari;

    void onEvent(@Observes @WebSocketClient("ari") AriEvent event) {
        events.add(event);
        Demo.say("ARI event: " + event);
    }

    void onUndecodable(@Observes @WebSocketClient("ari") UndecodableMessage message) {
        Demo.say("not an ARI event (" + message.reason() + ")");
    }

    ManagedWebSocket ari() {
        return ari;
    }

    List<AriEvent> events() {
        return events;
    }
}
