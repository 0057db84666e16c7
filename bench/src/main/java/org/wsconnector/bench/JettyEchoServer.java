package org.wsconnector.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12 WebSocket echo server on the core (non-servlet) API: {@code /echo} on a plain and a TLS connector, both on
 * 127.0.0.1 with ephemeral ports.
 *
 * <p>Sized for the idle-connection runs: up to 5,000 sessions held for minutes and pinged every second. Jetty is
 * non-blocking, so sessions cost no threads; the pool only runs frame handling. The idle timeout is long so that
 * Jetty never closes a held connection, and the accept queue is deep so that a burst of connects is not refused.
 */
final class JettyEchoServer implements AutoCloseable {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    static final long MAX_MESSAGE_BYTES = 4L * 1024 * 1024;
    private static final int ACCEPT_QUEUE = 4096;
    private static final int MAX_THREADS = 200;

    private final Server server;
    private static final int INPUT_BUFFER_BYTES = 64 * 1024;
    private final ServerConnector plain;
    private final ServerConnector tls;

    private JettyEchoServer(Path keyStore, char[] password) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS);
        threads.setName("echo");
        server = new Server(threads);
        plain = connector(new ServerConnector(server));
        tls = connector(new ServerConnector(server, new SslConnectionFactory(sslContextFactory(keyStore, password),
                "http/1.1"), new HttpConnectionFactory(secureConfiguration())));
        server.addConnector(plain);
        server.addConnector(tls);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.setMaxTextMessageSize(MAX_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(MAX_MESSAGE_BYTES);
            // Jetty reads 4 KB at a time by default: a 16 KB echo then took ~450 µs for every client (the plain
            // socket floor: 50 µs), so the server, not the clients, set the 16 KB figures.
            container.setInputBufferSize(INPUT_BUFFER_BYTES);
            container.addMapping("/echo", (request, response, callback) -> new EchoListener());
        }));
    }

    static JettyEchoServer start(Path keyStore, char[] password) throws Exception {
        JettyEchoServer echo = new JettyEchoServer(keyStore, password);
        echo.server.start();
        return echo;
    }

    private static ServerConnector connector(ServerConnector connector) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        // The connector's own timeout applies until the upgrade; afterwards the WebSocket idle timeout rules.
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
    }

    private static SslContextFactory.Server sslContextFactory(Path keyStore, char[] password) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(keyStore.toString());
        factory.setKeyStoreType("PKCS12");
        factory.setKeyStorePassword(new String(password));
        return factory;
    }

    private static HttpConfiguration secureConfiguration() {
        HttpConfiguration configuration = new HttpConfiguration();
        configuration.addCustomizer(new SecureRequestCustomizer());
        return configuration;
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + plain.getLocalPort() + "/echo");
    }

    URI wssUri() {
        return URI.create("wss://127.0.0.1:" + tls.getLocalPort() + "/echo");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
