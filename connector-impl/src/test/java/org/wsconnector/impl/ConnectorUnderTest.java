package org.wsconnector.impl;

import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import javax.net.ssl.SSLContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link WebSocketConnector} as the CDI extension builds it in SE: its own scheduler, I/O threads named
 * {@code ws-connector-io-<n>}, one {@link RecordingListener} per client registered before anything opens.
 * Remembers every I/O thread it made, so leak checks need not guess from thread names alone.
 */
public final class ConnectorUnderTest implements AutoCloseable {
    public static final String IO_THREAD_PREFIX = "ws-connector-io-";
    private static final AtomicInteger IO_THREADS = new AtomicInteger();

    private final ConnectorConfiguration configuration;
    private final WebSocketConnector connector;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<Thread> ioThreads = new CopyOnWriteArrayList<>();
    private final Map<String, RecordingListener> listeners = new LinkedHashMap<>();
    private boolean closed;

    private ConnectorUnderTest(ConnectorConfiguration configuration) {
        this.configuration = configuration;
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ws-connector-test-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        connector = new WebSocketConnector(configuration, scheduler, runnable -> {
            Thread thread = new Thread(runnable, IO_THREAD_PREFIX + IO_THREADS.incrementAndGet());
            thread.setDaemon(true);
            ioThreads.add(thread);
            return thread;
        });
        configuration.clients().keySet().forEach(name -> {
            RecordingListener listener = new RecordingListener();
            connector.connection(name).orElseThrow().addListener(listener);
            listeners.put(name, listener);
        });
    }

    /** One client named {@code name}; {@code keysAndValues} are alternating keys (without prefix) and values. */
    static ConnectorUnderTest client(String name, Object... keysAndValues) {
        return withProperties(properties(name, keysAndValues));
    }

    /** Full {@code websocket.client.*} properties, any number of clients. Fails on any configuration problem. */
    public static ConnectorUnderTest withProperties(Map<String, String> properties) {
        return withProperties(properties, UnaryOperator.identity());
    }

    /** As {@link #withProperties(Map)}, with the TLS contexts the configuration built passed through {@code tls}. */
    static ConnectorUnderTest withProperties(Map<String, String> properties,
                                             UnaryOperator<Map<String, SSLContext>> tls) {
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        assertThat(problems.messages()).as("configuration problems").isEmpty();
        return new ConnectorUnderTest(new ConnectorConfiguration(configuration.clients(),
                tls.apply(configuration.tlsContexts())));
    }

    /** Adds {@code websocket.client.<name>.} to each key; values may be any object (paths, URIs, numbers). */
    static Map<String, String> properties(String name, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("websocket.client." + name + "." + keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
        }
        return properties;
    }

    /** The only client, or fails when there are several. */
    DefaultManagedWebSocket connection() {
        assertThat(listeners).hasSize(1);
        return connection(listeners.keySet().iterator().next());
    }

    public DefaultManagedWebSocket connection(String name) {
        return connector.connection(name).orElseThrow();
    }

    /** What the only client's listener saw. */
    RecordingListener events() {
        assertThat(listeners).hasSize(1);
        return listeners.values().iterator().next();
    }

    RecordingListener events(String name) {
        return listeners.get(name);
    }

    public ConnectorConfiguration configuration() {
        return configuration;
    }

    WebSocketConnector connector() {
        return connector;
    }

    /** Every I/O thread the connector asked for so far. */
    List<Thread> ioThreads() {
        return List.copyOf(ioThreads);
    }

    long liveIoThreads() {
        return ioThreads.stream().filter(Thread::isAlive).count();
    }

    /** Closes the connector (1001 for every open connection), then stops the scheduler. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connector.close();
        } finally {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
