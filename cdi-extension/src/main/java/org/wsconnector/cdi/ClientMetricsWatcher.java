package org.wsconnector.cdi;

import org.wsconnector.impl.ConnectionWatcher;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every client's metrics registered with one metrics API while the connector runs: a client a reload adds gets
 * them before it starts, a client it removes loses them (its series end rather than freeze at their last values),
 * and {@link #close()} removes them all, since the registry or meter provider outlives the application (a server's)
 * and must not keep its objects. Refers to no metrics API: {@link MicrometerMetrics} and
 * {@link OpenTelemetryMetrics} say how to register and remove.
 *
 * @param <M> one client's metrics in that API
 */
final class ClientMetricsWatcher<M> implements ConnectionWatcher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClientMetricsWatcher.class.getName());

    private final Function<DefaultManagedWebSocket, M> register;
    private final Consumer<M> remove;
    private final Map<DefaultManagedWebSocket, M> clients = new ConcurrentHashMap<>();

    private ClientMetricsWatcher(Function<DefaultManagedWebSocket, M> register, Consumer<M> remove) {
        this.register = register;
        this.remove = remove;
    }

    /**
     * Registers the metrics of every client of {@code connector} now, and of each one a reload adds; logs which API
     * ({@code api}) publishes them where ({@code destination}), which also shows that the API was found.
     */
    static <M> ClientMetricsWatcher<M> watch(WebSocketConnector connector, String api, String destination,
                                             Function<DefaultManagedWebSocket, M> register, Consumer<M> remove) {
        ClientMetricsWatcher<M> metrics = new ClientMetricsWatcher<>(register, remove);
        try {
            connector.watchConnections(metrics);
        } catch (RuntimeException | Error failed) {
            metrics.close(); // nothing half-registered outlives a failed start
            throw failed;
        }
        LOG.log(Level.INFO, "{0} metrics {1}* for clients {2} in {3}", new Object[]{api,
                ClientMetricDefinitions.PREFIX,
                connector.connections().stream().map(DefaultManagedWebSocket::name).sorted().toList(), destination});
        return metrics;
    }

    @Override
    public void added(DefaultManagedWebSocket connection) {
        clients.put(connection, register.apply(connection));
    }

    @Override
    public void removed(DefaultManagedWebSocket connection) {
        M metrics = clients.remove(connection);
        if (metrics != null) {
            remove.accept(metrics);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(remove);
        clients.clear();
    }
}
