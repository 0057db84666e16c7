package org.wsconnector.bench;

import java.util.function.Consumer;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;

/**
 * Raw Tyrus 2.2.2 as {@code ClientManager.createClient()} gives it: the Grizzly container with its defaults, where
 * every connection gets its own selector and worker threads. With {@code shared}, all connections of this driver
 * share one Grizzly transport ({@link ClientProperties#SHARED_CONTAINER}), Tyrus' own answer to that thread cost.
 */
final class TyrusGrizzlyDriver implements Driver {
    private static final int SHARED_IDLE_SECONDS = 1;

    private final Target target;
    private final ClientManager manager;

    TyrusGrizzlyDriver(Target target) {
        this(target, false);
    }

    TyrusGrizzlyDriver(Target target, boolean shared) {
        this.target = target;
        manager = TyrusClients.configure(ClientManager.createClient(), target);
        if (shared) {
            manager.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
            // The shared transport is JVM-wide and outlives shutdown() until it has been idle this long (default
            // 30 s): a short idle time lets close() leave no threads behind for the next measured client.
            manager.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, SHARED_IDLE_SECONDS);
        }
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        return TyrusClients.open(manager, target, onText);
    }

    @Override
    public void close() {
        manager.shutdown();
    }
}
