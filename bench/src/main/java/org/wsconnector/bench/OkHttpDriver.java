package org.wsconnector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * OkHttp 4's WebSocket, one {@link OkHttpClient} per driver with its defaults (hostname verification on). Every
 * connection has a reader thread of OkHttp's dispatcher; {@link #close()} ends them and the connection pool.
 */
final class OkHttpDriver implements Driver {
    private static final long OPEN_TIMEOUT_SECONDS = 10;
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Target target;
    private final OkHttpClient client;

    OkHttpDriver(Target target) throws GeneralSecurityException, IOException {
        this.target = target;
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (target.tls()) {
            // OkHttp wants the trust manager beside the socket factory (it cannot be read back out of an
            // SSLContext); both come from the same CA the Target's SSLContext trusts.
            builder.sslSocketFactory(target.sslContext().getSocketFactory(), trusting(Path.of(target.caPemFile())));
        }
        if (target.proxied()) {
            if (!target.tls()) {
                throw new IllegalArgumentException("okhttp does not tunnel ws:// through an HTTP proxy: it sends the "
                        + "upgrade as a proxied GET with an absolute URI, which a CONNECT-only proxy refuses (405)");
            }
            builder.proxy(new Proxy(Proxy.Type.HTTP, target.proxy()));
        }
        client = builder.build();
    }

    private static X509TrustManager trusting(Path caPem) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager for " + caPem);
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                onText.accept(text);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(code, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closed.complete(null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
                opened.completeExceptionally(failure);
                closed.complete(null);
            }
        };
        // OkHttp speaks http(s) URLs; it upgrades them itself.
        String url = target.uri().toString().replaceFirst("^ws", "http");
        WebSocket socket = client.newWebSocket(new Request.Builder().url(url).build(), listener);
        try {
            opened.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.cancel();
            throw e;
        }
        return new CountingConnection() {
            @Override
            public void send(String text) {
                // Queues and returns; false means the socket is closing or its 16 MiB outgoing queue is full.
                completed(socket.send(text));
            }

            @Override
            public void close() {
                socket.close(1000, null);
                try {
                    closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    socket.cancel();
                }
            }
        };
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
