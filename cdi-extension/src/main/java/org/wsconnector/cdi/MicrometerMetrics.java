package org.wsconnector.cdi;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import org.wsconnector.impl.ConnectionWatcher;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes every client's meters ({@link ClientMeters}) to the application's Micrometer registry: the
 * {@code MeterRegistry} bean when there is one (WildFly's micrometer subsystem provides it to every deployment; an SE
 * application may produce its own), else Micrometer's global registry, which an SE application fills with the
 * registries it wants (and which discards everything while it has none). A client a reload adds gets its meters
 * before it starts; a client it removes loses them.
 *
 * <p>Refers to Micrometer: the lifecycle loads this class only after it found the API, so that a container without it
 * never loads it (see {@link WebSocketConnectorExtension#micrometerPresent()}).
 */
final class MicrometerMetrics implements ConnectionWatcher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MicrometerMetrics.class.getName());

    private final MeterRegistry registry;
    private final Map<DefaultManagedWebSocket, ClientMeters> clients = new ConcurrentHashMap<>();

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the meters of every client of {@code connector} now, and of each one a reload adds. */
    static MicrometerMetrics watch(BeanManager beanManager, WebSocketConnector connector) {
        Instance<MeterRegistry> beans = beanManager.createInstance().select(MeterRegistry.class);
        boolean fromBean = beans.isResolvable();
        MicrometerMetrics metrics = new MicrometerMetrics(fromBean ? beans.get() : Metrics.globalRegistry);
        try {
            connector.watchConnections(metrics);
        } catch (RuntimeException | Error failed) {
            metrics.close(); // nothing half-registered outlives a failed start
            throw failed;
        }
        // Says where the metrics go, and shows that Micrometer was found.
        LOG.log(Level.INFO, "Micrometer metrics {0}* for clients {1} in {2}", new Object[]{ClientMeters.PREFIX,
                connector.connections().stream().map(DefaultManagedWebSocket::name).sorted().toList(),
                fromBean ? "the MeterRegistry bean" : "Metrics.globalRegistry"});
        return metrics;
    }

    @Override
    public void added(DefaultManagedWebSocket connection) {
        clients.put(connection, ClientMeters.register(registry, connection));
    }

    /** A removed client's series end with it: a dashboard shows it gone, not frozen at its last values. */
    @Override
    public void removed(DefaultManagedWebSocket connection) {
        ClientMeters meters = clients.remove(connection);
        if (meters != null) {
            meters.remove();
        }
    }

    /** Removes every meter: the registry outlives the application (a server's), and must not keep its objects. */
    @Override
    public void close() {
        clients.values().forEach(ClientMeters::remove);
        clients.clear();
    }
}
