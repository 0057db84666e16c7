package org.wsconnector.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

/**
 * The connector, as an application uses it: one named client per connection (the connector has one connection per
 * name), all sharing one connector, hence one I/O thread. Clients are on-demand so that nothing connects before
 * {@link #open}.
 */
final class ConnectorDriver implements Driver {
    private final WebSocketConnector connector;
    private final ScheduledThreadPoolExecutor scheduler;
    private final int capacity;
    private final AtomicInteger next = new AtomicInteger();

    ConnectorDriver(URI uri, String caPemFile, int capacity) {
        this.capacity = capacity;
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < capacity; i++) {
            String prefix = "websocket.client.c" + i + ".";
            properties.put(prefix + "uri", uri.toString());
            properties.put(prefix + "connection-type", "on-demand");
            if (caPemFile != null) {
                properties.put(prefix + "tls.ca-file", caPemFile);
            }
        }
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        if (!problems.messages().isEmpty()) {
            throw new IllegalStateException("bench configuration rejected: " + problems.messages());
        }
        // The scheduler stands for the server's managed one: it exists before any connection, so its thread is
        // part of the baseline, not of the per-connection count.
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "bench-connector-timer"));
        scheduler.prestartAllCoreThreads();
        AtomicInteger threadNumber = new AtomicInteger();
        connector = new WebSocketConnector(configuration, scheduler,
                runnable -> daemon(runnable, "bench-connector-" + threadNumber.incrementAndGet()));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public Connection open(Consumer<String> onText) throws Exception {
        int index = next.getAndIncrement();
        if (index >= capacity) {
            throw new IllegalStateException("only " + capacity + " clients configured");
        }
        DefaultManagedWebSocket socket = connector.connection("c" + index).orElseThrow();
        socket.addListener(new WebSocketListener() {
            @Override
            public void onText(TextMessage message) {
                onText.accept(message.text());
            }
        });
        socket.awaitOpen(Duration.ofSeconds(10));
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
            }
        };
    }

    @Override
    public void close() {
        connector.close();
        scheduler.shutdownNow();
    }
}
