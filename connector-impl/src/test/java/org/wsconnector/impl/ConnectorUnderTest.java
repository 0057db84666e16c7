package org.wsconnector.impl;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.EngineClock;
import org.wsconnector.impl.engine.ScriptedTransport;
import org.wsconnector.impl.engine.VirtualScheduler;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one harness of connector tests: a real {@link WebSocketConnector}, one {@link RecordingListener} per client
 * registered before anything opens, in one of two modes.
 * <ul>
 * <li>Real ({@link #client}, {@link #withProperties}): as the CDI extension builds it in SE, over Tyrus, with its
 * own scheduler and I/O threads named {@code ws-connector-io-<n>}; remembers every I/O thread it made, so leak
 * checks need not guess from thread names alone.</li>
 * <li>{@link #onVirtualTime}: over a {@link ScriptedTransport}, with one {@link VirtualScheduler} as scheduler,
 * callback executor and clock, and a fixed random source: nothing happens until the test advances time, and every
 * timing is exact.</li>
 * </ul>
 */
public final class ConnectorUnderTest implements AutoCloseable {
    public static final String IO_THREAD_PREFIX = "ws-connector-io-";
    /** The name of the client of {@link #proxied}. */
    public static final String PROXIED = "proxied";
    /** Bounded waits are generous: they only cap how long a failing test takes, never what passes. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final AtomicInteger IO_THREADS = new AtomicInteger();

    private final ConnectorConfiguration configuration;
    private final WebSocketConnector connector;
    private final ScheduledExecutorService scheduler;
    private final VirtualScheduler virtual; // null in real mode
    private final ScriptedTransport scripted; // null in real mode
    private final List<Thread> ioThreads = new CopyOnWriteArrayList<>();
    private final Map<String, RecordingListener> listeners = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    private ConnectorUnderTest(ConnectorConfiguration configuration, int schedulerThreads) {
        this.configuration = configuration;
        ScheduledThreadPoolExecutor real = new ScheduledThreadPoolExecutor(schedulerThreads,
                threads("ws-connector-test-scheduler-"));
        real.setRemoveOnCancelPolicy(true);
        scheduler = real;
        virtual = null;
        scripted = null;
        connector = new WebSocketConnector(configuration, scheduler, runnable -> {
            Thread thread = new Thread(runnable, IO_THREAD_PREFIX + IO_THREADS.incrementAndGet());
            thread.setDaemon(true);
            ioThreads.add(thread);
            return thread;
        });
        listen(System::nanoTime);
    }

    private ConnectorUnderTest(ConnectorConfiguration configuration, ScriptedTransport transport,
                               VirtualScheduler virtual, DoubleSupplier random) {
        this.configuration = configuration;
        this.scheduler = virtual;
        this.virtual = virtual;
        this.scripted = transport;
        connector = new WebSocketConnector(configuration, virtual, transport, virtual, virtual, random);
        listen(virtual::nanoTime);
    }

    /** A recording listener on every client, those a reload adds too (before they start). */
    private void listen(java.util.function.LongSupplier clock) {
        connector.watchConnections(connection -> {
            RecordingListener listener = new RecordingListener(clock);
            connection.addListener(listener);
            listeners.put(connection.name(), listener);
        });
    }

    /** One client named {@code name}; {@code keysAndValues} are alternating keys (without prefix) and values. */
    public static ConnectorUnderTest client(String name, Object... keysAndValues) {
        return withProperties(properties(name, keysAndValues));
    }

    /** Full {@code websocket.client.*} properties, any number of clients. Fails on any configuration problem. */
    public static ConnectorUnderTest withProperties(Map<String, String> properties) {
        return withProperties(properties, 1);
    }

    /** As {@link #withProperties(Map)} on a scheduler of {@code schedulerThreads}. */
    public static ConnectorUnderTest withProperties(Map<String, String> properties, int schedulerThreads) {
        return new ConnectorUnderTest(configuration(properties), schedulerThreads);
    }

    /** As {@link #withProperties(Map)}, with the TLS contexts the configuration built passed through {@code tls}. */
    static ConnectorUnderTest withProperties(Map<String, String> properties,
                                             UnaryOperator<Map<String, SSLContext>> tls) {
        ConnectorConfiguration configuration = configuration(properties);
        return new ConnectorUnderTest(new ConnectorConfiguration(configuration.clients(),
                tls.apply(configuration.tlsContexts()), configuration.proxyTlsContexts()), 1);
    }

    /** A connector of a configuration read elsewhere (with injected platform proxy settings, for instance). */
    public static ConnectorUnderTest withConfiguration(ConnectorConfiguration configuration) {
        return new ConnectorUnderTest(configuration, 1);
    }

    /**
     * One client on virtual time over a {@link ScriptedTransport} ({@link #transport()}: script it before the first
     * open); the jitter's random source always returns {@code random}.
     */
    public static ConnectorUnderTest onVirtualTime(double random, String name, Object... keysAndValues) {
        return onVirtualTime(random, configuration(properties(name, keysAndValues)));
    }

    /** As {@link #onVirtualTime(double, String, Object...)} with a configuration built in code, not read. */
    public static ConnectorUnderTest onVirtualTime(double random, ClientConfig config) {
        return onVirtualTime(random, new ConnectorConfiguration(Map.of(config.name(), config), Map.of()));
    }

    private static ConnectorUnderTest onVirtualTime(double random, ConnectorConfiguration configuration) {
        VirtualScheduler scheduler = new VirtualScheduler();
        return new ConnectorUnderTest(configuration, ScriptedTransport.on(scheduler), scheduler, () -> random);
    }

    /**
     * Client keys (without prefix) of a client named {@value #PROXIED} of {@code uri} through the proxy at
     * {@code proxyHostAndPort}, failing fast: one attempt, connection-timeout 5 s. Change them, then {@link #proxied}.
     */
    public static Map<String, String> proxiedKeys(String uri, String proxyHostAndPort) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("uri", uri);
        keys.put("proxy.host", proxyHostAndPort);
        keys.put("connection-timeout", "5s");
        keys.put("reconnect.attempts", "1");
        return keys;
    }

    /** The client {@value #PROXIED} configured from {@code keys} without prefix (see {@link #proxiedKeys}). */
    public static ConnectorUnderTest proxied(Map<String, String> keys) {
        Map<String, String> properties = new LinkedHashMap<>();
        keys.forEach((key, value) -> properties.put("websocket.client." + PROXIED + "." + key, value));
        return withProperties(properties);
    }

    /** Reads the properties; fails on any configuration problem. */
    public static ConnectorConfiguration configuration(Map<String, String> properties) {
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        assertThat(problems.messages()).as("configuration problems").isEmpty();
        return configuration;
    }

    /** Adds {@code websocket.client.<name>.} to each key; values may be any object (paths, URIs, numbers). */
    public static Map<String, String> properties(String name, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("websocket.client." + name + "." + keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
        }
        return properties;
    }

    /** Daemon threads named {@code <prefix><n>}. */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The only client, or fails when there are several. */
    public DefaultManagedWebSocket connection() {
        assertThat(listeners).hasSize(1);
        return connection(listeners.keySet().iterator().next());
    }

    public DefaultManagedWebSocket connection(String name) {
        return connector.connection(name).orElseThrow();
    }

    /** What the only client's listener saw. */
    public RecordingListener events() {
        assertThat(listeners).hasSize(1);
        return listeners.values().iterator().next();
    }

    public RecordingListener events(String name) {
        return listeners.get(name);
    }

    public ConnectorConfiguration configuration() {
        return configuration;
    }

    public WebSocketConnector connector() {
        return connector;
    }

    /** Virtual mode: the scheduler that is also the clock and the callback executor. */
    public VirtualScheduler virtualScheduler() {
        assertThat(virtual).as("a harness on virtual time").isNotNull();
        return virtual;
    }

    /** Virtual mode: the scripted peer. */
    public ScriptedTransport transport() {
        assertThat(scripted).as("a harness on virtual time").isNotNull();
        return scripted;
    }

    /** Every I/O thread the connector asked for so far. */
    public List<Thread> ioThreads() {
        return List.copyOf(ioThreads);
    }

    public long liveIoThreads() {
        return ioThreads.stream().filter(Thread::isAlive).count();
    }

    /** Threads of the real scheduler. */
    public int schedulerThreads() {
        return ((ScheduledThreadPoolExecutor) scheduler).getPoolSize();
    }

    /**
     * Periodic tasks still scheduled: only the ping keepalive schedules at a fixed rate, so this is the number of
     * ping tasks alive (one per open link, none after it is gone).
     */
    public long pingTasks() {
        if (virtual != null) {
            return virtual.periodicQueued();
        }
        return ((ScheduledThreadPoolExecutor) scheduler).getQueue().stream()
                .filter(task -> task instanceof RunnableScheduledFuture<?> future && future.isPeriodic()
                        && !future.isCancelled() && !future.isDone())
                .count();
    }

    /**
     * Real mode: asserts how many ping tasks are alive. A task that is running at that instant is out of the queue,
     * so the count is awaited, then must not exceed {@code expected} for {@code window} (a surviving task re-enters
     * the queue within one interval).
     */
    public void assertPingTasks(long expected, Duration window) {
        await().alias(expected + " ping task(s) alive").atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                .until(() -> pingTasks() == expected);
        await().alias("never more than " + expected + " ping task(s) alive").during(window).atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(5)).until(() -> pingTasks() <= expected);
    }

    /** Waits until the only client reaches {@code state}, bounded. */
    public void awaitState(org.wsconnector.ConnectionState state, Duration timeout) {
        await().atMost(timeout).until(() -> connection().state() == state);
    }

    /** Sends {@code text} on the only client and waits until the server's echo arrived; accounts for it. */
    public void echo(String text) throws Exception {
        int before = events().texts().size();
        connection().sendText(text).toCompletableFuture().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        events().awaitTexts(before + 1);
        assertThat(events().texts()).last().isEqualTo(text);
    }

    /**
     * Closes the connector (1001 for every open connection), then stops the scheduler. On virtual time the close
     * timers are run first, so that the connector's bounded real-time waits find everything done. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (virtual != null) {
                connector.connections().forEach(DefaultManagedWebSocket::shutdown);
                // Capped: a configuration built in code may hold a close-timeout of centuries.
                Duration longest = longestCloseTimeout();
                virtual.advance(longest.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : longest);
            }
            connector.close();
        } finally {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (scripted != null) {
                scripted.close();
            }
        }
    }

    private Duration longestCloseTimeout() {
        return configuration.clients().values().stream().map(c -> c.closeTimeout()).max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /** The engine's view of time in this harness. */
    public EngineClock clock() {
        return virtual != null ? virtual : EngineClock.SYSTEM;
    }
}
