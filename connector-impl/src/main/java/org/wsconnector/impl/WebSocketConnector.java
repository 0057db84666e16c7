package org.wsconnector.impl;

import org.wsconnector.ManagedWebSocket;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.TcpKeepAlive;
import org.wsconnector.impl.engine.Transport;
import org.wsconnector.impl.tyrus.TyrusTransport;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine without CDI: one {@link DefaultManagedWebSocket} per configured client, all sharing one transport and
 * one scheduler that the caller owns (the server's managed scheduler, or one the CDI extension created in SE).
 */
public final class WebSocketConnector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebSocketConnector.class.getName());

    private final Map<String, DefaultManagedWebSocket> connections = new LinkedHashMap<>();
    private final Transport transport;

    public WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler,
                              ThreadFactory ioThreads) {
        this(configuration, scheduler, new TyrusTransport(configuration.tlsContexts(), ioThreads, scheduler));
    }

    WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler, Transport transport) {
        this.transport = transport;
        TcpKeepAlive tcpKeepAlive = new TcpKeepAlive();
        configuration.clients().forEach((name, config) ->
                connections.put(name, new DefaultManagedWebSocket(config, transport, scheduler, tcpKeepAlive)));
    }

    public Optional<DefaultManagedWebSocket> connection(String name) {
        return Optional.ofNullable(connections.get(name));
    }

    public Collection<? extends ManagedWebSocket> connections() {
        return connections.values();
    }

    /** Opens every persistent client; on-demand clients wait for their first {@code awaitOpen}. */
    public void startPersistentClients() {
        connections.values().stream()
                .filter(connection -> connection.config().connectionType() == ConnectionType.PERSISTENT)
                .forEach(DefaultManagedWebSocket::open);
    }

    /**
     * Closes every connection with 1001 (going away), each bounded by its close-timeout (then aborted), cancels
     * every timer, and releases Tyrus. Waits at most the longest close-timeout plus a margin.
     */
    @Override
    public void close() {
        Duration longest = Duration.ZERO;
        CompletableFuture<?>[] closing = new CompletableFuture<?>[connections.size()];
        int i = 0;
        for (DefaultManagedWebSocket connection : connections.values()) {
            closing[i++] = connection.shutdown().toCompletableFuture();
            if (connection.config().closeTimeout().compareTo(longest) > 0) {
                longest = connection.config().closeTimeout();
            }
        }
        try {
            CompletableFuture.allOf(closing).get(longest.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "not every WebSocket connection closed in time: {0}", e.toString());
        } finally {
            transport.close();
        }
    }
}
