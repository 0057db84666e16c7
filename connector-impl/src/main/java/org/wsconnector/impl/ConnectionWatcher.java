package org.wsconnector.impl;

import org.wsconnector.impl.engine.DefaultManagedWebSocket;

/**
 * Told which connections a {@link WebSocketConnector} has, as they come and go with reloads: what sets up each
 * connection from outside the engine (the CDI event bridge, the JSON-B encoder, an operator view) registers one with
 * {@link WebSocketConnector#watchConnections}.
 */
public interface ConnectionWatcher {

    /** A connection the connector has now: at registration for each one, later for each one a reload adds. */
    void added(DefaultManagedWebSocket connection);

    /** A reload removed {@code connection} from the configuration; it is closing (1000) and will not open again. */
    default void removed(DefaultManagedWebSocket connection) {
    }
}
