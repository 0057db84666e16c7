package org.wsconnector.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.wsconnector.BinaryMessage;
import org.wsconnector.ConfigurationReload;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.ReloadReport;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketClient;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.json.DecodingListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the connector for the application: starts it when the application scope starts (persistent clients open
 * then), bridges its events to CDI events qualified by client name — fired on the connector's delivery lanes, so on
 * the server's managed executor, one at a time per client, each in a request context of its own — and closes every
 * session with 1001 before the application scope is destroyed — never left to a destructor, since scheduled
 * keepalives hold references.
 *
 * <p>It is also the application's {@link ConfigurationReload}: {@code @Inject ConfigurationReload reload;} reads
 * MicroProfile Config again, through the application's class loader, and applies it
 * ({@link WebSocketConnector#reload()}). Clients a reload adds get the same event bridge and JSON-B encoder.
 */
@ApplicationScoped
public class ConnectorLifecycle implements ConfigurationReload {
    private static final Logger LOG = Logger.getLogger(ConnectorLifecycle.class.getName());

    private final Object lock = new Object();
    private WebSocketConnector connector;
    private ConnectorExecutors executors;
    /** The clients' metrics while the connector runs, where Micrometer or OpenTelemetry is present; else null. */
    private AutoCloseable metrics;
    /**
     * Set when the application stops: a client looked up, or a health check called, after that (a bean's own
     * {@code @PreDestroy}, a probe during undeploy) must not start a second connector whose threads nobody would stop.
     */
    private boolean stopped;

    @Inject
    BeanManager beanManager;

    @Inject
    Event<Object> events;

    @Inject
    Instance<RequestContextController> requestContexts;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        WebSocketConnector started = started();
        started.joinCluster(beanManager.getExtension(WebSocketConnectorExtension.class).cluster());
        started.startPersistentClients();
    }

    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        WebSocketConnector running;
        ConnectorExecutors owned;
        AutoCloseable meters;
        synchronized (lock) {
            stopped = true;
            running = connector;
            owned = executors;
            meters = metrics;
            if (connector != null) {
                beanManager.getExtension(WebSocketConnectorExtension.class).lifecycle(null);
            }
            connector = null;
            executors = null;
            metrics = null;
        }
        stop(running, owned, meters);
    }

    /**
     * Removes the meters, closes the connections, then stops the threads — each even when the step before it failed.
     */
    private static void stop(WebSocketConnector running, ConnectorExecutors owned, AutoCloseable meters) {
        if (meters != null) {
            removeMetrics(meters);
        }
        try {
            if (running != null) {
                running.close();
            }
        } finally {
            if (owned != null) {
                owned.close();
            }
        }
    }

    ManagedWebSocket connection(String name) {
        return configured(name).orElseThrow(() -> new WebSocketConnectorException(name, "no such client is "
                + "configured (now: a reload may have removed it)"));
    }

    /** The client named so, if it is configured now: a reload may have removed it. */
    Optional<ManagedWebSocket> configured(String name) {
        try {
            return started().connection(name).map(ManagedWebSocket.class::cast);
        } catch (IllegalStateException stopping) {
            throw new WebSocketConnectorException(name, stopping.getMessage());
        }
    }

    /** The clients configured now: those of the boot, as a reload may since have changed, added or removed them. */
    Collection<ManagedWebSocket> configuredNow() {
        return List.copyOf(started().connections());
    }

    /**
     * Reads MicroProfile Config again and applies it; see {@link ConfigurationReload}. Starts the connector first if
     * nothing has started it yet.
     */
    @Override
    public ReloadReport reload() {
        return started().reload();
    }

    private WebSocketConnector started() {
        synchronized (lock) {
            if (stopped) {
                throw new IllegalStateException("the application is stopping: its WebSocket connector is closed");
            }
            if (connector == null) {
                WebSocketConnectorExtension extension = beanManager.getExtension(WebSocketConnectorExtension.class);
                ConnectorExecutors obtained = ConnectorExecutors.obtain();
                try {
                    connector = new WebSocketConnector(extension.configuration(), obtained.scheduler(),
                            obtained.ioThreads(), obtained.callbacks());
                    executors = obtained;
                    connector.configurationSource(MicroProfileConfiguration.source(
                            Thread.currentThread().getContextClassLoader()));
                    JsonMessageCodec codec = extension.codec();
                    // For every client now, and for each one a reload adds, before it starts.
                    connector.watchConnections(connection -> setUp(connection, codec));
                    extension.lifecycle(this);
                    metrics = registerMetrics();
                } catch (RuntimeException | Error failedStart) {
                    // No thread of ours may outlive a start that failed: nothing else would stop it.
                    WebSocketConnector started = connector;
                    connector = null;
                    executors = null;
                    stop(started, obtained, null); // the metrics are registered last: none if this failed
                    throw failedStart;
                }
                LOG.log(Level.FINE, "ws-connector started with {0}", executors);
            }
            return connector;
        }
    }

    /**
     * The clients' metrics through each metrics API present: Micrometer, OpenTelemetry, both or neither. Metrics are
     * not worth failing the application for: a registry that refuses them (or an API too old for the calls made)
     * leaves the connector running without them.
     */
    private AutoCloseable registerMetrics() {
        List<AutoCloseable> routes = new ArrayList<>();
        if (WebSocketConnectorExtension.micrometerPresent()) {
            registerMetrics("Micrometer", () -> MicrometerMetrics.watch(beanManager, connector)).ifPresent(routes::add);
        }
        if (WebSocketConnectorExtension.openTelemetryPresent()) {
            registerMetrics("OpenTelemetry", () -> OpenTelemetryMetrics.watch(beanManager, connector))
                    .ifPresent(routes::add);
        }
        return routes.isEmpty() ? null : () -> routes.forEach(ConnectorLifecycle::removeMetrics);
    }

    private static Optional<AutoCloseable> registerMetrics(String api, Supplier<AutoCloseable> route) {
        try {
            return Optional.of(route.get());
        } catch (RuntimeException | LinkageError refused) {
            LOG.log(Level.WARNING, "ws-connector: " + api + " is present but the metrics could not be registered "
                    + "through it; the connector runs without them", refused);
            return Optional.empty();
        }
    }

    /** One route's metrics, even when another's removal failed. */
    private static void removeMetrics(AutoCloseable route) {
        try {
            route.close();
        } catch (Exception notRemoved) {
            LOG.log(Level.WARNING, "ws-connector: removing the metrics failed", notRemoved);
        }
    }

    /**
     * Events to CDI; {@code sendObject} encodes with the same JSON-B instance that decodes, when there is one.
     */
    private void setUp(DefaultManagedWebSocket connection, JsonMessageCodec codec) {
        bridgeEvents(connection, codec);
        if (codec != null) {
            connection.useEncoder(codec::encode);
        }
    }

    private void bridgeEvents(ManagedWebSocket connection, JsonMessageCodec codec) {
        WebSocketClient qualifier = WebSocketClient.Literal.of(connection.name());
        Event<TextMessage> text = events.select(TextMessage.class, qualifier);
        Event<BinaryMessage> binary = events.select(BinaryMessage.class, qualifier);
        Event<ConnectionStateChanged> state = events.select(ConnectionStateChanged.class, qualifier);
        connection.addListener(new WebSocketListener() {
            @Override
            public void onText(TextMessage message) {
                inRequestContext(() -> text.fire(message));
            }

            @Override
            public void onBinary(BinaryMessage message) {
                inRequestContext(() -> binary.fire(message));
            }

            @Override
            public void onStateChanged(ConnectionStateChanged change) {
                inRequestContext(() -> state.fire(change));
            }
        });
        if (codec != null) {
            codec.types(connection.name()).ifPresent(types -> connection.addListener(new DecodingListener(types,
                    new TypedEventBridge(events.select(qualifier), this::inRequestContext))));
        }
    }

    /**
     * Each delivery is its own request, as for an HTTP request or a message-driven bean: {@code @RequestScoped} beans
     * work in observers and are destroyed after the delivery. Interceptors such as {@code @Transactional} apply by
     * themselves, since the container invokes the observer on its bean.
     */
    private void inRequestContext(Runnable fire) {
        RequestContextController controller = requestContexts.get();
        boolean activated = controller.activate();
        try {
            fire.run();
        } finally {
            if (activated) {
                controller.deactivate();
            }
            requestContexts.destroy(controller);
        }
    }
}
