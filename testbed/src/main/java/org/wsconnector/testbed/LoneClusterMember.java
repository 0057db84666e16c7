package org.wsconnector.testbed;

import java.util.Map;

/**
 * The connector-wide keys ({@code websocket.connector.cluster.*}) of a JGroups cluster of one member on loopback:
 * a port free now, a cluster name of its own (so that no other test's member joins it), the member as its only
 * initial host. With quorum 2 the member is below the quorum and holds nothing: every one-member client stands by.
 */
public final class LoneClusterMember {
    private LoneClusterMember() {
    }

    /** @param name a word for the cluster's name, which gets the port appended */
    public static Map<String, String> keys(String name, int quorum) {
        int port = FreePort.onLoopback();
        String prefix = "websocket.connector.cluster.";
        return Map.of(prefix + "name", name + "-" + port,
                prefix + "bind-address", "127.0.0.1",
                prefix + "bind-port", Integer.toString(port),
                prefix + "initial-hosts", "127.0.0.1:" + port,
                prefix + "quorum", Integer.toString(quorum));
    }
}
