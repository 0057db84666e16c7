package org.wsconnector.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty 12's WebSocket client, defaults otherwise: one {@link WebSocketClient} (and its {@link HttpClient}) per
 * driver, started here and stopped in {@link #close()}.
 */
final class JettyDriver implements Driver {
    private static final long OPEN_TIMEOUT_SECONDS = 10;
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Target target;
    private final HttpClient http;
    private final WebSocketClient client;

    JettyDriver(Target target) throws Exception {
        this.target = target;
        http = new HttpClient();
        if (target.tls()) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setSslContext(target.sslContext());
            // Jetty's client default already, set so that hostname verification is on by statement, not by luck.
            ssl.setEndpointIdentificationAlgorithm("HTTPS");
            http.setSslContextFactory(ssl);
        }
        if (target.proxied()) {
            if (!target.tls()) {
                throw new IllegalArgumentException("jetty does not tunnel ws:// through an HTTP proxy: it sends the "
                        + "upgrade as a proxied GET with an absolute URI, which a CONNECT-only proxy refuses (405)");
            }
            http.getProxyConfiguration().addProxy(
                    new HttpProxy(target.proxy().getHostString(), target.proxy().getPort()));
        }
        client = new WebSocketClient(http);
        client.start();
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        CompletableFuture<Session> opening = client.connect(new TextListener(onText), target.uri());
        Session session;
        try {
            session = opening.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            opening.cancel(true);
            throw e;
        }
        return new CountingConnection() {
            @Override
            public void send(String text) {
                session.sendText(text, Callback.from(() -> completed(true), failure -> completed(false)));
            }

            @Override
            public void close() {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                session.close(StatusCode.NORMAL, "", Callback.from(() -> closed.complete(null),
                        closed::completeExceptionally));
                try {
                    closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    session.disconnect();
                }
            }
        };
    }

    /** Public, as Jetty binds listener methods through method handles, which refuse non-public classes. */
    public static final class TextListener implements Session.Listener.AutoDemanding {
        private final Consumer<String> onText;

        TextListener(Consumer<String> onText) {
            this.onText = onText;
        }

        @Override
        public void onWebSocketText(String text) {
            onText.accept(text);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // Reaches the caller through the connect future or the send callback already; Jetty would log it again.
        }
    }

    @Override
    public void close() throws Exception {
        client.stop();
        // The WebSocketClient manages the HttpClient it was given, but stopping it again costs nothing and does not
        // depend on that.
        http.stop();
    }
}
