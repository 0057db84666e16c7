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
}
