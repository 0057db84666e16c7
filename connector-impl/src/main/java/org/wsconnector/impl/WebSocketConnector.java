package org.wsconnector.impl;

import org.wsconnector.config.ConnectionType;
import org.wsconnector.impl.config.Durations;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.EngineClock;
import org.wsconnector.impl.engine.Transport;
import org.wsconnector.impl.tyrus.TyrusTransport;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine without CDI: one {@link DefaultManagedWebSocket} per configured client, all sharing one transport and
 * one scheduler that the caller owns (the server's managed scheduler, or one the CDI extension created in SE).
 * Application callbacks run on the executor the caller gives (the server's managed executor), or on
 * {@link DeliveryThreads} that this connector owns and stops in {@link #close()}.
 */
public final class WebSocketConnector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebSocketConnector.class.getName());
    /** How much longer than the longest close-timeout {@link #close()} waits for every connection to close. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(2);

    private final Map<String, DefaultManagedWebSocket> connections = new LinkedHashMap<>();
    private final Transport transport;
    /** The callback threads this connector made and must stop; null when the caller gave its executor. */
    private final ExecutorService ownedCallbacks;

    /** Application callbacks on threads of the connector's own ({@link DeliveryThreads}). */
    public WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler,
                              ThreadFactory ioThreads) {
        this(configuration, scheduler, ioThreads, null);
    }

    /**
     * @param callbacks runs application callbacks (the server's {@code ManagedExecutorService}); the caller owns it.
     *                  It must not run tasks on the submitting thread. Null: the connector's own threads.
     */
    public WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler,
                              ThreadFactory ioThreads, Executor callbacks) {
        this(configuration, scheduler, new TyrusTransport(configuration.tlsContexts(), ioThreads, scheduler),
                callbacks, EngineClock.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With the transport, clock and random source given: tests run the engine on virtual time with these. */
    WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler, Transport transport,
                       Executor callbacks, EngineClock clock, DoubleSupplier random) {
        this.transport = transport;
        this.ownedCallbacks = callbacks == null ? DeliveryThreads.create(scheduler) : null;
        Executor workers = callbacks == null ? ownedCallbacks : callbacks;
        configuration.clients().forEach((name, config) -> connections.put(name,
                new DefaultManagedWebSocket(config, transport, scheduler, workers, clock, random)));
    }

    public Optional<DefaultManagedWebSocket> connection(String name) {
        return Optional.ofNullable(connections.get(name));
    }

    public Collection<DefaultManagedWebSocket> connections() {
        return Collections.unmodifiableCollection(connections.values());
    }

    /** Opens every persistent client; on-demand clients wait for their first {@code open} or {@code awaitOpen}. */
    public void startPersistentClients() {
        connections.values().stream()
                .filter(connection -> connection.config().connectionType() == ConnectionType.PERSISTENT)
                .forEach(DefaultManagedWebSocket::start);
    }

    /**
     * Closes every connection with 1001 (going away), each bounded by its close-timeout (then aborted), cancels
     * every timer, and releases Tyrus; then lets the lanes deliver what they hold (the final CLOSED events among it)
     * and stops the connector's own callback threads. Waits at most the longest close-timeout plus a margin.
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
        // Bounded like a timer: a close-timeout of centuries in a configuration built in code must not overflow.
        long wait = Math.min(Durations.saturatedNanos(longest), Long.MAX_VALUE >> 2) + CLOSE_MARGIN.toNanos();
        long deadline = System.nanoTime() + wait;
        try {
            CompletableFuture.allOf(closing).get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "not every WebSocket connection closed in time: {0}", e.toString());
        } finally {
            transport.close();
            awaitDeliveries(deadline);
        }
    }

    /** Bounded: an observer blocked for ever must not hold the application's shutdown. */
    private void awaitDeliveries(long deadline) {
        try {
            for (DefaultManagedWebSocket connection : connections.values()) {
                if (!connection.awaitDelivered(deadline)) {
                    LOG.log(Level.WARNING, "[{0}] application callbacks still running at shutdown; not waiting "
                            + "for them", connection.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ownedCallbacks != null) {
                OwnedExecutors.stop(ownedCallbacks, "ws-connector callback threads");
            }
        }
    }
}
