package org.wsconnector.testbed;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/** A JDK {@link WebSocket} with a listener that queues what arrives, so tests can take it with a timeout. */
final class JdkWebSocketClient {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final WebSocket webSocket;
    final BlockingQueue<Object> received;
    final CompletableFuture<Integer> closedByServer;

    private JdkWebSocketClient(WebSocket webSocket, QueueingListener listener) {
        this.webSocket = webSocket;
        this.received = listener.received;
        this.closedByServer = listener.closed;
    }

    static JdkWebSocketClient connect(URI uri) {
        return connect(HttpClient.newHttpClient(), uri, Map.of());
    }

    static JdkWebSocketClient connect(SSLContext sslContext, URI uri) {
        return connect(HttpClient.newBuilder().sslContext(sslContext).build(), uri, Map.of());
    }

    static JdkWebSocketClient connect(HttpClient client, URI uri, Map<String, String> headers, String... subprotocols) {
        QueueingListener listener = new QueueingListener();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        WebSocket webSocket = builder.buildAsync(uri, listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return new JdkWebSocketClient(webSocket, listener);
    }

    Object next() throws InterruptedException {
        Object message = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("nothing received within " + TIMEOUT);
        }
        return message;
    }

    private static final class QueueingListener implements WebSocket.Listener {

        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            received.add(bytes);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            received.add("pong");
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
