package org.wsconnector.impl.engine;

import org.wsconnector.config.ClientConfig;

/**
 * Which changes of a client's configuration a reload applies without a new connection: those the connection itself
 * never sees — {@code health.readiness} (what the readiness check reports) and {@code delivery.*} (how much waits for
 * the application's callbacks, read at each received message). Any other change needs a new connection.
 */
final class InPlaceChanges {
    private InPlaceChanges() {
    }

    /** Whether {@code next} differs from {@code running} only in what can change in place (or not at all). */
    static boolean only(ClientConfig running, ClientConfig next) {
        ClientConfig nextWithRunningsInPlaceKeys = new ClientConfig(next.name(), next.uri(), next.connectionType(),
                next.protocols(), next.basicAuth(), next.headers(), next.connectionTimeout(), next.closeTimeout(),
                next.reconnect(), next.tls(), next.proxy(), next.ping(), next.tcpKeepAlive(), next.maxMessageSize(),
                next.writeTimeout(), running.delivery(), next.sendBuffer(), running.healthReadiness());
        return running.equals(nextWithRunningsInPlaceKeys);
    }
}
