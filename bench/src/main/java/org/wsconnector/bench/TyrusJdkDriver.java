package org.wsconnector.bench;

import java.net.URI;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.container.jdk.client.JdkClientContainer;

/** Raw Tyrus 2.2.2 on its JDK container, with its defaults (one ClientManager, async sends, no tuning). */
final class TyrusJdkDriver implements Driver {
    private final URI uri;
    private final ClientManager manager;

    TyrusJdkDriver(URI uri, SSLContext sslContext) {
        this.uri = uri;
        manager = ClientManager.createClient(JdkClientContainer.class.getName());
        if (sslContext != null) {
            // The JDK container ignores ClientEndpointConfig.sslContext (TYRUS-NOTES); hostname verification stays on.
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR,
                    new SslEngineConfigurator(sslContext, true, false, false));
        }
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) onText::accept);
            }
        };
        Session session = manager.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), uri);
        return new CountingConnection() {
            @Override
            public void send(String text) {
                // Async like the connector's send path; Basic.sendText can block forever on this container (#678).
                session.getAsyncRemote().sendText(text, result -> completed(result.isOK()));
            }

            @Override
            public void close() {
                try {
                    session.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        };
    }

    @Override
    public void close() {
        manager.shutdown();
    }
}
