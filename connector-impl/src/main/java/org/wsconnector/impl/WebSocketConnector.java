package org.wsconnector.impl;

import org.wsconnector.ConfigurationException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ReloadReport;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.Durations;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.EngineClock;
import org.wsconnector.impl.engine.Transport;
import org.wsconnector.impl.jmx.DeploymentIdentity;
import org.wsconnector.impl.jmx.JmxRegistration;
import org.wsconnector.impl.tyrus.TyrusTransport;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine without CDI: one {@link DefaultManagedWebSocket} per configured client, all sharing one transport and
 * one scheduler that the caller owns (the server's managed scheduler, or one the CDI extension created in SE).
 * Application callbacks run on the executor the caller gives (the server's managed executor), or on
 * {@link DeliveryThreads} that this connector owns and stops in {@link #close()}. Unless
 * {@code websocket.connector.jmx.enabled=false}, its clients are visible and controllable in JMX from construction
 * until {@link #close()}, those a reload adds too ({@link JmxRegistration}).
 *
 * <p>{@link #reload(ConnectorConfiguration)} applies a new configuration while running, with Asterisk's semantics:
 * only what changed is touched. Thread safe: reloads, {@link #watchConnections} and {@link #close()} run one at a
 * time; {@link #connection} and {@link #connections()} read a consistent snapshot without waiting.
 */
public final class WebSocketConnector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebSocketConnector.class.getName());
    /** How much longer than the longest close-timeout {@link #close()} waits for every connection to close. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(2);

    private final Object lock = new Object();
    /** Replaced whole by a reload (copy on write), so readers need no lock; in configuration order. */
    private volatile Map<String, DefaultManagedWebSocket> connections;
    /** The TLS context in use per wss client: a reload keeps an unchanged client's and takes a changed one's. */
    private Map<String, SSLContext> tlsContexts;
    private Map<String, SSLContext> proxyTlsContexts;
    private final List<ConnectionWatcher> watchers = new CopyOnWriteArrayList<>();
    /** Connections a reload removed, until they are closed: {@link #close()} still ends and awaits them. */
    private final List<DefaultManagedWebSocket> removed = new ArrayList<>();
    private final Transport transport;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final EngineClock clock;
    private final DoubleSupplier random;
    /** The callback threads this connector made and must stop; null when the caller gave its executor. */
    private final ExecutorService ownedCallbacks;
    private volatile ConfigurationSource source;
    /** Opens and closes the one-member clients; null until {@link #joinCluster} (every client on this member). */
    private volatile ClusterHolding cluster;
    /** What {@link #cluster} joined with; guarded by lock. */
    private ClusterSettings clusterSettings = ClusterSettings.none();
    private boolean closed; // guarded by lock
    /** The JMX view; null when it is off. */
    private final JmxRegistration jmx;

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
        this(configuration, scheduler, new TyrusTransport(configuration.tlsContexts(),
                configuration.proxyTlsContexts(), ioThreads, scheduler),
                callbacks, EngineClock.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** With the transport, clock and random source given: tests run the engine on virtual time with these. */
    WebSocketConnector(ConnectorConfiguration configuration, ScheduledExecutorService scheduler, Transport transport,
                       Executor callbacks, EngineClock clock, DoubleSupplier random) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.ownedCallbacks = callbacks == null ? DeliveryThreads.create(scheduler) : null;
        this.workers = callbacks == null ? ownedCallbacks : callbacks;
        this.tlsContexts = configuration.tlsContexts();
        this.proxyTlsContexts = configuration.proxyTlsContexts();
        Map<String, DefaultManagedWebSocket> created = new LinkedHashMap<>();
        configuration.clients().forEach((name, config) -> created.put(name, newConnection(config)));
        this.connections = Collections.unmodifiableMap(created);
        // On the constructing thread: in a server it has the deployment's naming context, which names the view.
        jmx = configuration.settings().jmxEnabled() ? JmxRegistration.register(DeploymentIdentity.current(),
                this::connections, () -> reload().toString()) : null;
        if (jmx != null) {
            // Every client now, and each one a reload adds or removes later.
            watchConnections(new ConnectionWatcher() {
                @Override
                public void added(DefaultManagedWebSocket connection) {
                    jmx.clientAdded(connection.name());
                }

                @Override
                public void removed(DefaultManagedWebSocket connection) {
                    jmx.clientRemoved(connection.name());
                }
            });
        }
    }

    /** The JMX view of this connector, while it is registered; empty when {@code jmx.enabled=false}. */
    public Optional<JmxRegistration> jmx() {
        return Optional.ofNullable(jmx);
    }

    private DefaultManagedWebSocket newConnection(ClientConfig config) {
        return new DefaultManagedWebSocket(config, transport, scheduler, workers, clock, random);
    }

    public Optional<DefaultManagedWebSocket> connection(String name) {
        return Optional.ofNullable(connections.get(name));
    }

    /** The connections now; a reload may add and remove some afterwards ({@link #watchConnections}). */
    public Collection<DefaultManagedWebSocket> connections() {
        return connections.values();
    }

    /**
     * Tells {@code watcher} of every connection now ({@link ConnectionWatcher#added}, before this returns) and of
     * every one a reload adds or removes later. A connection a reload adds is announced before it starts, so that
     * nothing it does escapes the watcher.
     */
    public void watchConnections(ConnectionWatcher watcher) {
        Objects.requireNonNull(watcher, "watcher");
        synchronized (lock) {
            connections.values().forEach(watcher::added);
            watchers.add(watcher);
        }
    }

    /** Where {@link #reload()} reads the configuration again (the CDI layer: MicroProfile Config). */
    public void configurationSource(ConfigurationSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Reads the configuration again from the {@link #configurationSource source} and applies it, as
     * {@link #reload(ConnectorConfiguration)}.
     *
     * @throws org.wsconnector.ConfigurationException the configuration read is invalid: nothing changed
     * @throws IllegalStateException                  no source was given (build the configuration yourself and call
     *                                                {@link #reload(ConnectorConfiguration)}), or the connector is closed
     */
    public ReloadReport reload() {
        ConfigurationSource from = source;
        if (from == null) {
            throw new IllegalStateException("this connector was given no configuration source to read again: call "
                    + "reload(ConnectorConfiguration) with a configuration read with ConnectorConfiguration.readValid");
        }
        ConnectorConfiguration next;
        try {
            next = from.read();
        } catch (ConfigurationException invalid) {
            // An operator's reload (JMX) may not show the exception where the operator looks: the log says it too.
            LOG.log(Level.WARNING, "configuration reload refused, nothing changed: {0} problem(s): {1}",
                    new Object[]{invalid.problems().size(), invalid.getMessage()});
            throw invalid;
        }
        return reload(next);
    }

    /**
     * Applies {@code next}, a configuration validated as a whole ({@link ConnectorConfiguration#readValid}), with
     * Asterisk's reload semantics: a client configured exactly as before is not touched (no state event, its
     * connection stays); a changed one takes its new configuration and reconnects with it
     * ({@link DefaultManagedWebSocket#reconfigure}); an added one is created and, when persistent, opened; a removed
     * one is closed with 1000 for good ({@link DefaultManagedWebSocket#remove}). The one-member clients are those of
     * {@code next} ({@link ConnectorConfiguration#cluster()}; none in a configuration built without cluster settings):
     * a reload clusters those it adds, and closes or opens those whose ownership it changes (README "Cluster"); the
     * first one-member client joins the cluster. Returns once all that is under way, without waiting for any
     * connection.
     *
     * @throws IllegalStateException                  when the connector is closed, or the cluster cannot be joined
     *                                                (nothing changed)
     * @throws org.wsconnector.ConfigurationException one-member clients without JGroups (nothing changed)
     */
    public ReloadReport reload(ConnectorConfiguration next) {
        Objects.requireNonNull(next, "next");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the connector is closed: nothing to reload");
            }
            // Before anything changes: a cluster that cannot be joined leaves the configuration as it was.
            ClusterHolding joined = cluster == null && next.cluster().clustered() ? joinFor(next.cluster()) : null;
            Map<String, DefaultManagedWebSocket> before = connections;
            Map<String, ClientConfig> configs = next.clients();
            List<String> removed = new ArrayList<>(new TreeSet<>(before.keySet()));
            removed.removeAll(configs.keySet());
            List<String> added = new ArrayList<>();
            List<String> reconnected = new ArrayList<>();
            List<String> inPlace = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            Map<String, SSLContext> contexts = new HashMap<>();
            Map<String, SSLContext> proxyContexts = new HashMap<>();
            Map<String, DefaultManagedWebSocket> after = new LinkedHashMap<>();
            for (String name : new TreeSet<>(configs.keySet())) {
                DefaultManagedWebSocket existing = before.get(name);
                List<String> kind;
                if (existing == null) {
                    kind = added;
                } else if (existing.configuredAs(configs.get(name))) {
                    kind = unchanged;
                } else {
                    // Taken now, under the lock: a change that needs no connection is in use when reload returns.
                    kind = existing.reconfigureInPlace(configs.get(name)) ? inPlace : reconnected;
                }
                kind.add(name);
                // A client keeps the TLS context it connects with unless it reconnects or is new: those take the one
                // this configuration built, from files read again.
                boolean keeps = kind == unchanged || kind == inPlace;
                Optional.ofNullable(keeps ? tlsContexts.get(name) : next.tlsContexts().get(name))
                        .ifPresent(context -> contexts.put(name, context));
                Optional.ofNullable(keeps ? proxyTlsContexts.get(name) : next.proxyTlsContexts().get(name))
                        .ifPresent(context -> proxyContexts.put(name, context));
            }
            tlsContexts = Map.copyOf(contexts);
            proxyTlsContexts = Map.copyOf(proxyContexts);
            // Before any attempt with a changed configuration starts.
            transport.useTlsContexts(tlsContexts);
            transport.useProxyTlsContexts(proxyTlsContexts);
            configs.forEach((name, config) -> after.put(name, before.containsKey(name) ? before.get(name)
                    : newConnection(config)));
            connections = Collections.unmodifiableMap(after);
            ReloadReport report = new ReloadReport(added, removed, reconnected, inPlace, unchanged);
            LOG.log(Level.INFO, "configuration reloaded: {0}", report);
            if (joined != null) {
                cluster = joined;
                clusterSettings = next.cluster();
            }
            apply(report, before, after, next);
            reloadCluster(next.cluster(), joined != null);
            return report;
        }
    }

    /** Under the lock: the watchers hear of a connection before it starts and after it is gone from the map. */
    private void apply(ReloadReport report, Map<String, DefaultManagedWebSocket> before,
                       Map<String, DefaultManagedWebSocket> after, ConnectorConfiguration next) {
        Map<String, ClientConfig> configs = next.clients();
        removed.removeIf(connection -> connection.state() == ConnectionState.CLOSED);
        for (String name : report.removed()) {
            DefaultManagedWebSocket gone = before.get(name);
            removed.add(gone);
            gone.remove();
            watchers.forEach(watcher -> watcher.removed(gone));
        }
        for (String name : report.reconnected()) {
            LOG.log(Level.INFO, "[{0}] configuration changed: reconnecting with it", name);
            after.get(name).reconfigure(configs.get(name));
        }
        for (String name : report.added()) {
            DefaultManagedWebSocket fresh = after.get(name);
            watchers.forEach(watcher -> watcher.added(fresh));
            // A one-member client opens where the cluster says, once it knows the client (reloadCluster).
            if (fresh.config().connectionType() == ConnectionType.PERSISTENT
                    && !next.cluster().oneMemberClients().contains(name)) {
                fresh.start();
            }
        }
    }

    /**
     * Under the lock, after the connections of a reload are in place: the one-member clients it configures are
     * clustered, those it added among them (README "Cluster", reload). The connector-wide cluster keys are those of
     * the boot (or of the reload that joined): changing them needs a restart.
     */
    private void reloadCluster(ClusterSettings next, boolean justJoined) {
        ClusterHolding holding = cluster;
        if (holding == null) {
            return;
        }
        if (justJoined) {
            holding.start();
        }
        holding.clients(next.oneMemberClients());
        if (!sameCluster(clusterSettings, next)) {
            LOG.log(Level.WARNING, "websocket.connector.cluster.* changed by the reload: not applied; this member "
                    + "stays in cluster ''{0}'' as {1} until the application restarts", new Object[]{
                    clusterSettings.name(), clusterSettings.memberName().orElse("it joined")});
        }
    }

    private static boolean sameCluster(ClusterSettings current, ClusterSettings next) {
        return !next.clustered() || current.name().equals(next.name()) && current.memberName().equals(next.memberName())
                && current.bindAddress().equals(next.bindAddress()) && current.bindPort() == next.bindPort()
                && current.initialHosts().equals(next.initialHosts()) && current.quorum() == next.quorum();
    }

    /** Joins the cluster a reload's first one-member client needs; throws, changing nothing, when it cannot. */
    private ClusterHolding joinFor(ClusterSettings settings) {
        LOG.log(Level.INFO, "the reload configures one-member clients {0}: joining cluster ''{1}''",
                new Object[]{settings.oneMemberClients(), settings.name()});
        return new ClusterHolding(ClusterJoin.join(settings), Set.of(), () -> connections, scheduler);
    }

    /**
     * Opens every persistent client; on-demand clients wait for their first {@code open} or {@code awaitOpen}. After
     * {@link #joinCluster}, a persistent one-member client opens only on the member that holds it.
     */
    public void startPersistentClients() {
        ClusterHolding holding = cluster;
        connections.values().stream()
                .filter(connection -> connection.config().connectionType() == ConnectionType.PERSISTENT)
                .filter(connection -> holding == null || !holding.decides(connection))
                .forEach(DefaultManagedWebSocket::start);
        if (holding != null) {
            holding.start();
        }
    }

    /**
     * Joins the cluster that {@code settings} describe, before {@link #startPersistentClients}: from then on each
     * one-member persistent client is open on the one member that holds it (README "Cluster"). Without one-member
     * clients this does nothing.
     *
     * @throws org.wsconnector.ConfigurationException one-member clients without JGroups on the class path
     * @throws IllegalStateException                  the cluster cannot be joined (e.g. its port is taken)
     */
    public void joinCluster(ClusterSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.clustered()) {
            return;
        }
        synchronized (lock) {
            if (closed || cluster != null) {
                throw new IllegalStateException(closed ? "the connector is closed" : "already in a cluster");
            }
            cluster = new ClusterHolding(ClusterJoin.join(settings), settings.oneMemberClients(), () -> connections,
                    scheduler);
            clusterSettings = settings;
        }
    }

    /**
     * Closes every connection with 1001 (going away), each bounded by its close-timeout (then aborted), cancels
     * every timer, and releases Tyrus; then lets the lanes deliver what they hold (the final CLOSED events among it)
     * and stops the connector's own callback threads. Waits at most the longest close-timeout plus a margin.
     */
    @Override
    public void close() {
        if (jmx != null) {
            jmx.close(); // first: no operator opens a client again meanwhile
        }
        List<DefaultManagedWebSocket> connections;
        synchronized (lock) {
            closed = true;
            connections = new ArrayList<>(this.connections.values());
            connections.addAll(removed);
        }
        Duration longest = Duration.ZERO;
        CompletableFuture<?>[] closing = new CompletableFuture<?>[connections.size()];
        int i = 0;
        for (DefaultManagedWebSocket connection : connections) {
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
            // Only after its connections closed does this member leave: the next holder opens after this one closed.
            ClusterHolding holding = cluster;
            if (holding != null) {
                holding.stop();
            }
            transport.close();
            awaitDeliveries(connections, deadline);
        }
    }

    /** Bounded: an observer blocked for ever must not hold the application's shutdown. */
    private void awaitDeliveries(Collection<DefaultManagedWebSocket> connections, long deadline) {
        try {
            for (DefaultManagedWebSocket connection : connections) {
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
