package org.wsconnector.it.wildfly.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

/**
 * The application of the health WAR: it depends on "ari", whose readiness check {@code /health/ready} must show.
 * The WAR's other clients ("audit", opted out; "lookup", on-demand) must not appear there.
 */
@ApplicationScoped
public class EssentialClient {
    @Inject
    @WebSocketClient("ari")
    ManagedWebSocket ari;

    public ManagedWebSocket ari() {
        return ari;
    }
}
