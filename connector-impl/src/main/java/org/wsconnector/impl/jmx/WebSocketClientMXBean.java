package org.wsconnector.impl.jmx;

import java.util.Map;

/**
 * The status and control view of one client, registered as {@code org.wsconnector:type=Client,application=<app>,
 * name=<client>} (see {@link JmxNames}). Every attribute is read from a fresh {@code ManagedWebSocket.status()}
 * snapshot and is free of secrets: the URI without user info and with credential-like query values masked, the
 * proxy as {@code host:port}. Times are ISO-8601 instants in UTC; null where there is nothing to show. The counters
 * are totals since the client was created, over all its connections (the same numbers as the metrics).
 * <p>
 * The operations act through the client's own API, whose work runs on the connector's threads, never on the JMX
 * thread; the JMX thread waits for the outcome at most the client's timeout (capped at 30 s) and returns a line
 * saying what happened, or throws an {@link IllegalStateException} whose message says why the operation failed (a
 * JDK type, so that jconsole can show it without the connector's classes).
 */
public interface WebSocketClientMXBean {
    /** The client's name, as in {@code websocket.client.<name>.*}. */
    String getName();

    /** CLOSED, CONNECTING, OPEN, RECONNECTING, CLOSING or FAILED. */
    String getState();

    /**
     * Whether another cluster member holds this client ({@code cluster.ownership=one-member}, README "Cluster"):
     * it is CLOSED here on standby, not down. False without a cluster.
     */
    boolean isStandby();

    /**
     * The cluster member that holds this client while this one stands by, or why none does here (e.g.
     * {@code (none: below the quorum)}); null when this process holds it.
     */
    String getHeldBy();

    /** When the client entered its state; an outage dates from its first failure. */
    String getSince();

    /** {@code persistent} or {@code on-demand}. */
    String getConnectionType();

    /** The server's URI without user info, credential-like query values shown as {@code ****}. */
    String getUri();

    /** The forward proxy as {@code host:port}; null without one. Never its credentials. */
    String getProxy();

    /** Reconnect attempts scheduled since the client was created: one per lost connection and failed retry. */
    long getReconnects();

    /** The round trip of the last answered keepalive ping in milliseconds; -1 when none was answered. */
    double getLastPingRoundTripMillis();

    /** The class of the most recent failure, e.g. {@code org.wsconnector.ConnectFailedException}; kept after a
     * recovery (see {@link #getLastFailureTime()}); null when the client never failed. */
    String getLastFailureClass();

    /** The reason of the most recent failure (never a secret); null when the client never failed. */
    String getLastFailureMessage();

    /** When the most recent failure was reported; null when the client never failed. */
    String getLastFailureTime();

    /** Connect attempts since the client was created: those that opened and those that failed. */
    long getAttempts();

    /** Connections that opened since the client was created (first opens, reopens and recoveries alike). */
    long getOpened();

    /** Connect attempts that failed since the client was created, whatever the failure. */
    long getOpenFailures();

    /** The failed connect attempts by the failure's class name; a class that never failed is absent. */
    Map<String, Long> getOpenFailuresByClass();

    /** Open connections that ended, for whatever reason. */
    long getClosed();

    /** Open connections ended because keepalive pings went unanswered. */
    long getDeadPeers();

    /** Text and binary messages received (control frames not counted). */
    long getMessagesReceived();

    /** Text and binary messages written to the socket. */
    long getMessagesSent();

    /** Payload bytes of the data frames received. */
    long getBytesReceived();

    /** Payload bytes of the messages written. */
    long getBytesSent();

    /** Messages received and not yet handed to the application's callbacks, now. */
    int getInboundQueued();

    /**
     * Opens the client if it is CLOSED or FAILED (a new connection cycle, with its reconnect policy); follows the
     * cycle under way otherwise.
     *
     * @return e.g. {@code ari: OPEN}, or the state it is in when it did not open in time
     */
    String open();

    /**
     * Closes the client with 1000 (normal closure): no reconnect follows, also for a persistent client, until
     * {@link #open()} or {@link #reconnect()}.
     *
     * @return e.g. {@code ari: CLOSED}
     */
    String close();

    /** Closes the client with 1000 if it is not closed, then opens it again: a new connection cycle. */
    String reconnect();
}
