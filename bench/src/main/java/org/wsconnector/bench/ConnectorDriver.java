package org.wsconnector.bench;

import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

/**
 * The connector, as an application uses it: one named client per connection (the connector has one connection per
 * name), all sharing one connector, hence one I/O thread. Clients are on-demand so that nothing connects before
 * {@link #open}. A connection goes to the first named client not in use: one that was closed is opened again, as an
 * application's client reconnects (same TLS context, so its TLS session is resumed). With a ping interval, every
 * connection pings at that rate and counts a connection lost when pongs stop (the connector's ping.* settings).
 */
final class ConnectorDriver implements Driver {
    private final WebSocketConnector connector;
    private final ScheduledThreadPoolExecutor scheduler;
    private final int capacity;
    /** Named clients with an open connection of this driver; guarded by itself. */
    private final BitSet inUse = new BitSet();
    private final AtomicLong lost = new AtomicLong();

    ConnectorDriver(Target target, int capacity) {
        this(target, capacity, null);
    }

    /** @param pingInterval how often each connection pings; {@code null} for the connector's default */
    ConnectorDriver(Target target, int capacity, Duration pingInterval) {
        this.capacity = capacity;
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < capacity; i++) {
            String prefix = "websocket.client.c" + i + ".";
            properties.put(prefix + "uri", target.uri().toString());
            properties.put(prefix + "connection-type", "on-demand");
            if (target.tls()) {
                properties.put(prefix + "tls.ca-file", target.caPemFile());
            }
            if (target.proxied()) {
                // One key, host:port without scheme; the connector always tunnels with CONNECT.
                properties.put(prefix + "proxy.host",
                        target.proxy().getHostString() + ":" + target.proxy().getPort());
            }
            if (pingInterval != null) {
                properties.put(prefix + "ping.interval", pingInterval.toMillis() + "ms");
            }
        }
        // The scheduler stands for the server's managed one: it exists before any connection, so its thread is
        // part of the baseline, not of the per-connection count.
        scheduler = new ScheduledThreadPoolExecutor(1, BenchConnectors.threads("timer"));
        scheduler.prestartAllCoreThreads();
        connector = BenchConnectors.create(properties, scheduler);
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        int index = claimClient();
        DefaultManagedWebSocket socket = connector.connection("c" + index).orElseThrow();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onText(TextMessage message) {
                onText.accept(message.text());
            }

            @Override
            public void onStateChanged(ConnectionStateChanged change) {
                if (change.previous() == ConnectionState.OPEN && change.current() == ConnectionState.RECONNECTING) {
                    lost.incrementAndGet();
                }
            }
        };
        socket.addListener(listener);
        try {
            socket.awaitOpen(Duration.ofSeconds(10));
        } catch (InterruptedException | RuntimeException failed) {
            release(index, socket, listener);
            throw failed;
        }
        return new CountingConnection() {
            @Override
            public void send(String text) {
                socket.sendText(text).whenComplete((ignored, failure) -> completed(failure == null));
            }

            @Override
            public void close() {
                try {
                    socket.close().toCompletableFuture().get(5, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // bounded; the connector aborts after its close-timeout anyway
                }
                release(index, socket, listener);
            }
        };
    }

    private int claimClient() {
        synchronized (inUse) {
            int index = inUse.nextClearBit(0);
            if (index >= capacity) {
                throw new IllegalStateException("only " + capacity + " clients configured, all in use");
            }
            inUse.set(index);
            return index;
        }
    }

    /** The named client's next connection must not feed this one's consumer. */
    private void release(int index, DefaultManagedWebSocket socket, WebSocketListener listener) {
        socket.removeListener(listener);
        synchronized (inUse) {
            inUse.clear(index);
        }
    }

    /** Open connections that went back to reconnecting (dropped, or a ping went unanswered) since this driver began. */
    long lostConnections() {
        return lost.get();
    }

    /** Connections that have completed at least one ping round trip: proof that pongs come back. */
    long connectionsWithPingRoundTrip() {
        return connector.connections().stream().filter(socket -> socket.lastPingRoundTrip().isPresent()).count();
    }

    @Override
    public void close() {
        connector.close();
        scheduler.shutdownNow();
    }
}
