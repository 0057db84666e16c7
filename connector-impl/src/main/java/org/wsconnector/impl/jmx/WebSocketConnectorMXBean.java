package org.wsconnector.impl.jmx;

import java.util.List;

/**
 * The status view of one application's connector, registered as {@code org.wsconnector:type=Connector,
 * application=<app>} (see {@link JmxNames}): its clients at a glance, each also registered as a
 * {@link WebSocketClientMXBean} of the same application.
 */
public interface WebSocketConnectorMXBean {
    /** Which application (deployment) this connector belongs to: the {@code application} key of its names. */
    String getApplication();

    /** Every client with its state, since when and its last failure class, in name order. */
    List<ClientSummary> getClients();

    /**
     * Reads the configuration again and applies it with Asterisk's {@code module reload} semantics: unchanged clients
     * untouched, changed ones reconnected with their new configuration, added ones opened (persistent), removed ones
     * closed with 1000. Returns once the changes are under way.
     *
     * @return what changed, e.g. {@code added [b], removed [c], reconnected [a], changed in place [], unchanged [d]}
     * @throws IllegalStateException when the configuration is invalid (nothing changed; the message lists every
     *                               problem) or the reload failed
     */
    String reload();
}
