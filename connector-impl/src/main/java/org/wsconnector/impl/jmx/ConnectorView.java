package org.wsconnector.impl.jmx;

import org.wsconnector.ManagedWebSocket;

import java.util.Comparator;
import java.util.List;

/** {@link WebSocketConnectorMXBean} over the connector's clients as they are at each call. Thread safe. */
final class ConnectorView implements WebSocketConnectorMXBean {
    private final String application;
    private final ClientDirectory clients;

    ConnectorView(String application, ClientDirectory clients) {
        this.application = application;
        this.clients = clients;
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
}
