package org.wsconnector.bench;

import java.util.function.Consumer;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.container.jdk.client.JdkClientContainer;

/** Raw Tyrus 2.2.2 on its JDK container, with its defaults (one ClientManager, async sends, no tuning). */
final class TyrusJdkDriver implements Driver {
    private final Target target;
    private final ClientManager manager;

    TyrusJdkDriver(Target target) {
        this.target = target;
        manager = TyrusClients.configure(ClientManager.createClient(JdkClientContainer.class.getName()), target);
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
