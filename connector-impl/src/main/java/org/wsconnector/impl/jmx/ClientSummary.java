package org.wsconnector.impl.jmx;

import org.wsconnector.ConnectionStatus;

import javax.management.ConstructorParameters;

/**
 * One line of {@link WebSocketConnectorMXBean#getClients()}: a client at a glance (an open data composite in JMX).
 * Immutable.
 */
public final class ClientSummary {
    private final String name;
    private final String state;
    private final String since;
    private final String lastFailureClass;

    @ConstructorParameters({"name", "state", "since", "lastFailureClass"})
    public ClientSummary(String name, String state, String since, String lastFailureClass) {
        this.name = name;
        this.state = state;
        this.since = since;
        this.lastFailureClass = lastFailureClass;
    }

    static ClientSummary of(ConnectionStatus status) {
        return new ClientSummary(status.client(), status.state().name(), status.since().toString(),
                status.lastFailure().map(ConnectionStatus.Failure::type).orElse(null));
    }

    public String getName() {
        return name;
    }

    public String getState() {
        return state;
    }

    /** ISO-8601, UTC. */
    public String getSince() {
        return since;
    }

    /** Null when the client never failed. */
    public String getLastFailureClass() {
        return lastFailureClass;
    }

    @Override
    public String toString() {
        return name + ": " + state + " since " + since + (lastFailureClass == null ? ""
                : " (last failure " + lastFailureClass + ")");
    }
}
