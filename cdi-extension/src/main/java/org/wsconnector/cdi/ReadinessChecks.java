package org.wsconnector.cdi;

import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import org.wsconnector.WebSocketClient;
import org.wsconnector.config.ClientConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Adds a {@link ClientReadinessCheck} for each client whose {@code health.readiness} is true (persistent clients
 * unless they opt out), and one {@link AddedClientsReadinessCheck} for the clients a reload adds later. One check per client rather than one for the connector: {@code /health/ready} then lists
 * each connection with its own status and flat data, and an operator sees at once which one is down.
 *
 * <p>Each check is an annotated type carrying {@code @Readiness}, not a synthetic bean with the qualifier: Payara finds
 * health checks by that annotation on the bean's annotated type, and misses synthetic ones (Payara issue 6314). The
 * jar's {@code META-INF/beans.xml} makes them visible to the server's own Health extension (see there).
 *
 * <p>This class refers to the MicroProfile Health API through {@link ClientReadinessCheck}: the extension calls it
 * only after it found the API, so that a container without it (plain Weld SE) never loads either.
 */
final class ReadinessChecks {
    private static final Logger LOG = Logger.getLogger(ReadinessChecks.class.getName());

    private ReadinessChecks() {
    }

    static void register(BeforeBeanDiscovery event, Collection<ClientConfig> clients) {
        List<String> checked = new ArrayList<>();
        for (String client : checkedClients(clients)) {
            event.addAnnotatedType(ClientReadinessCheck.class, ClientReadinessCheck.NAME_PREFIX + client)
                    .add(WebSocketClient.Literal.of(client));
            checked.add(ClientReadinessCheck.NAME_PREFIX + client);
        }
        event.addAnnotatedType(AddedClientsReadinessCheck.class, AddedClientsReadinessCheck.NAME);
        checked.add(AddedClientsReadinessCheck.NAME);
        // Says where an operator finds the connections, and shows that the server's Health API was found.
        LOG.log(Level.INFO, "MicroProfile Health readiness checks {0}", checked);
    }

    /** The clients that get a check of their own: those whose {@code health.readiness} is true at deployment. */
    static Set<String> checkedClients(Collection<ClientConfig> clients) {
        return clients.stream().filter(ClientConfig::healthReadiness).map(ClientConfig::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
