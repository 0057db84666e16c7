package org.wsconnector;

/**
 * Programmatic receiver of what happens on one managed connection (the CDI events carry the same).
 * Callbacks run on the connector's I/O or scheduler threads, in order for one connection; they must not block.
 * An exception thrown by a callback is logged and does not affect the connection.
 */
public interface WebSocketListener {

    default void onText(TextMessage message) {
    }

    default void onBinary(BinaryMessage message) {
    }

    default void onStateChanged(ConnectionStateChanged change) {
    }
}
