package org.wsconnector;

/**
 * Programmatic receiver of what happens on one managed connection (the CDI events carry the same).
 *
 * <p><b>Threads and order.</b> Callbacks run on worker threads — in an application server the server's
 * {@code java:comp/DefaultManagedExecutorService}, in SE threads the connector owns — never on the thread that reads
 * the network or runs the connector's timers. For one connection they run one at a time, messages and state changes
 * in one sequence, in the order they happened: a message received before the connection was lost is delivered
 * before the state change that reports the loss. Different connections are delivered in parallel.
 *
 * <p><b>Callbacks may block</b> (a database write in a transaction, a REST call): only this connection's later
 * callbacks wait. While more than {@code delivery.max-queued-messages} messages or {@code delivery.max-queued-bytes}
 * wait for this connection's callbacks, the connector stops reading its socket, so the server is slowed down by TCP
 * instead of this JVM filling up; keepalive pings are not judged meanwhile. Reading resumes once half has been
 * delivered. Nothing received is dropped while the connection lives.
 *
 * <p>An exception thrown by a callback is logged and affects neither the connection nor the other listeners.
 */
public interface WebSocketListener {

    default void onText(TextMessage message) {
    }

    default void onBinary(BinaryMessage message) {
    }

    default void onStateChanged(ConnectionStateChanged change) {
    }
}
