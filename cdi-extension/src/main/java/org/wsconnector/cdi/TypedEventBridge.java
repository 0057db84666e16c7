package org.wsconnector.cdi;

import jakarta.enterprise.event.Event;
import org.wsconnector.TextMessage;
import org.wsconnector.UndecodableMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.config.SafeText;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the typed events of one client: a listener of its own, registered after the raw {@code TextMessage}
 * bridge, so it runs on the client's delivery lane (a worker, never the I/O thread), after the raw message's
 * observers, and an observer that throws on either side does not stop the other.
 */
final class TypedEventBridge implements WebSocketListener {
    private static final Logger LOG = Logger.getLogger(TypedEventBridge.class.getName());

    private final JsonMessageCodec decoder;
    private final Event<Object> events;
    private final Consumer<Runnable> inRequestContext;

    /**
     * @param events           qualified with the client's name
     * @param inRequestContext runs a delivery in a request context of its own
     */
    TypedEventBridge(JsonMessageCodec decoder, Event<Object> events, Consumer<Runnable> inRequestContext) {
        this.decoder = decoder;
        this.events = events;
        this.inRequestContext = inRequestContext;
    }

    @Override
    public void onText(TextMessage message) {
        JsonMessageCodec.Decoded decoded = decoder.decode(message.client(), message.text());
        decoded.failure().ifPresent(reason -> LOG.log(Level.WARNING,
                "ws-connector client ''{0}'': a text message of {1} characters matches none of the observed types: {2}",
                new Object[] {message.client(), message.text().length(), SafeText.quote(reason)}));
        inRequestContext.accept(() -> {
            // CDI resolves observers by the runtime type: a StasisStart reaches observers of it and of its interface
            decoded.values().forEach(events::fire);
            decoded.failure().ifPresent(reason -> events.select(UndecodableMessage.class)
                    .fire(new UndecodableMessage(message.client(), message.text(), reason)));
        });
    }
}
