package org.wsconnector.cdi;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import org.wsconnector.config.ClientConfig;

import java.util.Collection;

/**
 * Registers a {@link ClientReadinessCheck} bean for each client whose {@code health.readiness} is true (persistent
 * clients unless they opt out). One check per client rather than one for the connector: {@code /health/ready} then
 * lists each connection with its own status and flat data, and an operator sees at once which one is down.
 *
 * <p>This class refers to the MicroProfile Health API: {@link WebSocketConnectorExtension} calls it only after it
 * found the API, so that a container without it (plain Weld SE) never loads it.
 */
final class ReadinessChecks {
    private ReadinessChecks() {
    }

    static void register(AfterBeanDiscovery event, Collection<ClientConfig> clients) {
        for (ClientConfig client : clients) {
            if (!client.healthReadiness()) {
                continue;
            }
            String name = client.name();
            event.addBean()
                    .beanClass(ClientReadinessCheck.class)
                    .types(HealthCheck.class, Object.class)
                    .qualifiers(Readiness.Literal.INSTANCE, Any.Literal.INSTANCE)
                    .produceWith(instances -> new ClientReadinessCheck(name,
                            instances.select(ConnectorLifecycle.class).get()));
        }
    }
}
