package org.wsconnector.impl.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The connector's cluster configuration (README "Cluster"): which clients are held by one member only
 * ({@code websocket.client.<name>.cluster.ownership=one-member}) and how the members find each other
 * ({@code websocket.connector.cluster.*}). Without a one-member client there is no cluster to join.
 *
 * @param oneMemberClients the clients whose ownership is one-member
 * @param name             the cluster's name: members with the same name and reachable hosts form one cluster
 * @param memberName       this member's name in logs and standby statuses; empty: JGroups makes one up
 * @param bindAddress      the address this member listens on for the others (TCP)
 * @param bindPort         the port it listens on
 * @param initialHosts     {@code host:port} of the members to ask for the cluster at start (TCPPING)
 * @param quorum           the fewest members a view must have for this member to hold anything
 */
public record ClusterSettings(Set<String> oneMemberClients, String name, Optional<String> memberName,
                              String bindAddress, int bindPort, List<HostPort> initialHosts, int quorum) {
    public static final String PREFIX = ConnectorKeys.PREFIX + ConnectorKeys.CLUSTER;
    public static final String DEFAULT_NAME = "ws-connector";
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_BIND_PORT = 7800;
    public static final int DEFAULT_QUORUM = 1;

    public ClusterSettings {
        oneMemberClients = Set.copyOf(oneMemberClients);
        initialHosts = List.copyOf(initialHosts);
    }

    /** Every client on every member: today's behaviour. */
    public static ClusterSettings none() {
        return new ClusterSettings(Set.of(), DEFAULT_NAME, Optional.empty(), DEFAULT_BIND_ADDRESS, DEFAULT_BIND_PORT,
                List.of(new HostPort(DEFAULT_BIND_ADDRESS, DEFAULT_BIND_PORT)), DEFAULT_QUORUM);
    }

    /** Whether any client needs the cluster. */
    public boolean clustered() {
        return !oneMemberClients.isEmpty();
    }

    /** One member's address to ask at start. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
