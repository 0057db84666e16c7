package org.wsconnector.bench;

import java.util.function.Consumer;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

/** What the two raw Tyrus drivers share: the same settings and the same session handling, only the container differs. */
final class TyrusClients {
    private TyrusClients() {
    }

    /** TLS trust for wss and the CONNECT proxy, each only when the target asks for it. */
    static ClientManager configure(ClientManager manager, Target target) {
        if (target.tls()) {
            // Set for wss only: Grizzly would wrap ws:// in TLS too when a configurator is present (TYRUS-NOTES).
            // The JDK container ignores ClientEndpointConfig's SSLContext, so the configurator serves both.
            // Hostname verification stays on (the configurator's default).
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                    new SslEngineConfigurator(target.sslContext(), true, false, false));
        }
        if (target.proxied()) {
            // With a scheme, or Tyrus warns and connects directly (TYRUS-NOTES); it always tunnels with CONNECT.
            manager.getProperties().put(ClientProperties.PROXY_URI,
                    "http://" + target.proxy().getHostString() + ":" + target.proxy().getPort());
        }
        return manager;
    }

    /**
     * Opens one session. Synchronously: {@code asyncConnectToServer} fails intermittently with a
     * RejectedExecutionException right after the manager's last session closed (Tyrus 2.2.2 shuts the manager's
     * executor down then and does not start a new one; seen in 2 of 42 runs). The JDK container has no connect timeout
     * of its own; on this loopback server an open that hangs is bounded by the parent's time limit per client JVM.
     */
    static Driver.Connection open(ClientManager manager, Target target, Consumer<String> onText) throws Exception {
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) onText::accept);
            }
        };
        Session session = manager.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), target.uri());
        return new Driver.CountingConnection() {
            @Override
            public void send(String text) {
                // Async like the connector's send path; Basic.sendText can block forever on the JDK container (#678).
                session.getAsyncRemote().sendText(text, result -> completed(result.isOK()));
            }

            @Override
            public void close() {
                try {
                    session.close();
                } catch (Exception ignored) {
                    // best effort: Tyrus sends the close frame and returns
                }
            }
        };
    }
}
