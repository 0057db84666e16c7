package org.wsconnector.cdi;

import jakarta.enterprise.event.Event;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.impl.json.DecodingListener;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fires the typed events of one client as CDI events. Its {@link DecodingListener} is registered after the raw
 * {@code TextMessage} bridge, so it runs on the client's delivery lane (a worker, never the I/O thread), after the
 * raw message's observers, and an observer that throws on either side does not stop the other.
 */
final class TypedEventBridge implements DecodingListener.Receiver {
    private final Event<Object> events;
    private final Consumer<Runnable> inRequestContext;

    /**
     * @param events           qualified with the client's name
     * @param inRequestContext runs a delivery in a request context of its own
     */
    TypedEventBridge(Event<Object> events, Consumer<Runnable> inRequestContext) {
        this.events = events;
        this.inRequestContext = inRequestContext;
    }

    @Override
    public void receive(List<Object> values, Optional<UndecodableMessage> undecodable) {
        inRequestContext.accept(() -> {
            // CDI resolves observers by the runtime type: a StasisStart reaches observers of it and of its interface
            values.forEach(events::fire);
            undecodable.ifPresent(events.select(UndecodableMessage.class)::fire);
        });
    }
}
