package org.wsconnector.bench;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The JDK's java.net.http WebSocket, one HttpClient for all connections, default executor. */
final class JdkHttpDriver implements Driver {
    private final Target target;
    private final HttpClient client;

    JdkHttpDriver(Target target) {
        this.target = target;
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (target.tls()) {
            builder.sslContext(target.sslContext());
        }
        if (target.proxied()) {
            // The JDK tunnels WebSocket through an HTTP proxy with CONNECT, for ws and wss alike.
            builder.proxy(ProxySelector.of(target.proxy()));
        }
        client = builder.build();
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                if (last && partial.length() == 0) {
                    onText.accept(data.toString());
                } else {
                    partial.append(data);
                    if (last) {
                        onText.accept(partial.toString());
                        partial.setLength(0);
                    }
                }
                webSocket.request(1);
                return null;
            }
        };
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder().buildAsync(target.uri(), listener);
        WebSocket socket;
        try {
            socket = opening.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            opening.cancel(true);
            throw e;
        }
        return new CountingConnection() {
            private CompletableFuture<WebSocket> previous = CompletableFuture.completedFuture(socket);

            @Override
            public synchronized void send(String text) throws Exception {
                // The API allows one outstanding send per WebSocket: wait for the previous one.
                previous.get(10, TimeUnit.SECONDS);
                previous = socket.sendText(text, true)
                        .whenComplete((ignored, failure) -> completed(failure == null));
            }

            @Override
            public void close() {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.abort();
                }
            }
        };
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end once it is unreachable.
    }
}
