package org.wsconnector.it.wildfly.jmx;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

/**
 * The application of the JMX WARs: it holds "ari", which an operator sees and steers through WildFly's JMX. Deployed
 * twice under two names, so that the same client name lives in two deployments of one server.
 */
@ApplicationScoped
public class OperatedClient {
    @Inject
    @WebSocketClient("ari")
    ManagedWebSocket ari;

    public ManagedWebSocket ari() {
        return ari;
    }
}
