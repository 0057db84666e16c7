package org.wsconnector.impl.jmx;

import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.impl.config.SafeText;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link WebSocketConnectorMXBean} over the connector's clients as they are at each call. Thread safe. The reload
 * runs with the class loader that registered the view as the thread's context class loader: the configuration is
 * the application's, and a JMX thread has the server's.
 */
final class ConnectorView implements WebSocketConnectorMXBean {
    private final String application;
    private final ClientDirectory clients;
    private final ReloadAction reload;
    private final ClassLoader applicationLoader = Thread.currentThread().getContextClassLoader();

    /** @param reload null when the connector cannot reload */
    ConnectorView(String application, ClientDirectory clients, ReloadAction reload) {
        this.application = application;
        this.clients = clients;
        this.reload = reload;
    }

    @Override
    public String getApplication() {
        return application;
    }

    @Override
    public List<ClientSummary> getClients() {
        return clients.clients().stream().map(ManagedWebSocket::status).map(ClientSummary::of)
                .sorted(Comparator.comparing(ClientSummary::getName)).toList();
    }

    @Override
    public String reload() {
        if (reload == null) {
            throw new IllegalStateException("this connector was built without a configuration to read again");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(applicationLoader);
        try {
            return reload.reload();
        } catch (ConfigurationException invalid) {
            throw new IllegalStateException("nothing changed: the configuration is invalid: " + invalid.problems()
                    .stream().map(ConfigProblem::line).collect(Collectors.joining(" | ")));
        } catch (RuntimeException failed) {
            throw new IllegalStateException("reload failed: " + failed.getClass().getName() + ": "
                    + SafeText.quote(failed.getMessage()));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
