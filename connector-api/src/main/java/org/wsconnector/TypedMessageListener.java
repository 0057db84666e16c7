package org.wsconnector;

/**
 * Programmatic receiver of one client's text messages decoded into a type of the application's domain: what a CDI
 * observer of {@code T} is to a CDI application (see "Typed messages" in the README). Registered on a
 * {@link ManagedWebSocket} through the {@link WebSocketListener} that {@code org.wsconnector.impl.json.JsonMessages}
 * makes of it; JSON-B decodes, so the application brings a provider (in Java SE e.g. {@code org.eclipse:yasson}).
 *
 * <p><b>Threads and order</b> are those of every {@link WebSocketListener}: a worker thread, never the I/O thread;
 * for one connection one callback at a time, in arrival order, in the same sequence as the other listeners'
 * callbacks. A message that does not decode is still delivered as a {@link TextMessage} to the raw listeners.
 *
 * @param <T> the type decoded into: a record or class, or a {@code @JsonbTypeInfo} family (sealed interface)
 */
public interface TypedMessageListener<T> {

    /** A text message decoded into {@code T}: for a family, the subtype its discriminator names. */
    void onMessage(T message);

    /**
     * A text message that did not decode into {@code T}: malformed JSON, an unknown discriminator, a property of the
     * wrong type. The connector has logged it in one WARNING line; the connection is not affected.
     */
    default void onUndecodable(UndecodableMessage message) {
    }
}
