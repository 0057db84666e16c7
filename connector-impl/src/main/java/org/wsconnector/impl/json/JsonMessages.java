package org.wsconnector.impl.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.wsconnector.TypedMessageListener;
import org.wsconnector.WebSocketListener;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Typed messages with JSON-B, for the CDI extension and for programmatic users alike: one JSON-B instance that
 * decodes what arrives ({@link #types}, {@link #listener}) and encodes what {@code sendObject} sends ({@link #encode}).
 * The only entry to this package: the rest of the connector never touches JSON-B, so an application that uses no
 * typed messages runs without the JSON-B API or a provider.
 *
 * <pre>{@code
 * try (JsonMessages json = JsonMessages.create()) {
 *     DefaultManagedWebSocket ari = connector.connection("ari").orElseThrow();
 *     ari.useEncoder(json::encode);                                            // sendObject writes JSON-B
 *     ari.addListener(json.listener(AriEvent.class, event -> handle(event)));   // each message as an AriEvent
 *     ...
 * }
 * }</pre>
 */
public final class JsonMessages implements AutoCloseable {
    private final Jsonb jsonb;

    private JsonMessages(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * With the JSON-B provider that {@code JsonbBuilder.create()} finds (in a server, the server's own).
     *
     * @throws IllegalStateException when there is none (or not even the JSON-B API), saying what to add
     */
    public static JsonMessages create() {
        try {
            return new JsonMessages(JsonbBuilder.create());
        } catch (RuntimeException | NoClassDefFoundError noProvider) { // JsonbException; no JSON-B API at all
            throw new IllegalStateException("no JSON-B provider was found (" + noProvider + "): typed"
                    + " messages need one. A Jakarta EE server provides JSON-B; in Java SE add a provider to the"
                    + " runtime class path, e.g. org.eclipse:yasson 3.x (which also brings the jakarta.json.bind-api)",
                    noProvider);
        }
    }

    /** Decodes into {@code observed} (see {@link JsonTypes} for what matches). */
    public JsonTypes types(Collection<Class<?>> observed) {
        return new JsonTypes(jsonb, List.copyOf(observed));
    }

    /**
     * A {@link WebSocketListener} to add to a connection: it decodes each text message into {@code type} and calls
     * {@code listener} with the result, or with an {@code UndecodableMessage}, on the connection's delivery lane.
     */
    public <T> WebSocketListener listener(Class<T> type, TypedMessageListener<? super T> listener) {
        Objects.requireNonNull(listener, "listener");
        return new DecodingListener(types(List.of(type)), (values, undecodable) -> {
            values.forEach(value -> listener.onMessage(type.cast(value)));
            undecodable.ifPresent(listener::onUndecodable);
        });
    }

    /** For {@code sendObject}: the value's JSON; throws {@code JsonbException} for a value JSON-B cannot encode. */
    public String encode(Object value) {
        return jsonb.toJson(value);
    }

    @Override
    public void close() throws Exception {
        jsonb.close();
    }
}
