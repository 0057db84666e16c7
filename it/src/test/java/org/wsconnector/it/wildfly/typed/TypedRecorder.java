package org.wsconnector.it.wildfly.typed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketClient;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The typed observers of client "ari": the event family, one record of it, the undecodable messages, and the raw
 * texts — the raw and family deliveries in one list, in the order the observers ran.
 */
@ApplicationScoped
public class TypedRecorder {
    private final List<String> deliveries = new CopyOnWriteArrayList<>();
    /** Apart: CDI leaves the order of two observers of one event unspecified. */
    private final List<String> starts = new CopyOnWriteArrayList<>();
    private final List<String> reasons = new CopyOnWriteArrayList<>();

    void onText(@Observes @WebSocketClient("ari") TextMessage message) {
        deliveries.add("text " + message.text());
    }

    void onEvent(@Observes @WebSocketClient("ari") AriEvent event) {
        deliveries.add("event " + event);
    }

    void onStasisStart(@Observes @WebSocketClient("ari") AriEvent.StasisStart start) {
        starts.add(start.channel());
    }

    void onUndecodable(@Observes @WebSocketClient("ari") UndecodableMessage message) {
        reasons.add(message.reason());
        deliveries.add("undecodable " + message.text());
    }

    List<String> deliveries() {
        return List.copyOf(deliveries);
    }

    List<String> starts() {
        return List.copyOf(starts);
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
