package org.wsconnector.impl.jmx;

import org.wsconnector.ManagedWebSocket;

import java.util.Collection;

/** The connector's clients as they are at each call: the view follows clients that are added, replaced, removed. */
@FunctionalInterface
public interface ClientDirectory {
    Collection<? extends ManagedWebSocket> clients();

    /** The client named {@code name}; {@link IllegalStateException} when there is none (any more). */
    default ManagedWebSocket client(String name) {
        for (ManagedWebSocket client : clients()) {
            if (client.name().equals(name)) {
                return client;
            }
        }
        throw new IllegalStateException(name + ": no such client is configured any more");
    }
}
