package org.wsconnector.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.ManagedWebSocket;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The readiness of the clients that have no {@link ClientReadinessCheck} of their own, named
 * {@value #NAME}: those a reload added, and those a reload switched to {@code health.readiness=true}. Checks are fixed
 * when the application deploys, so without this one a client added by a reload would never hold the node down.
 * UP when there are none, or when each is OPEN (or on standby, held by another cluster member); its data lists them
 * ({@code clients}) and, per client, its state, since when and its last failure.
 *
 * <p>Added by {@link ReadinessChecks} where the Health API is present, like the per-client checks.
 */
@Readiness
@Dependent
@Typed(HealthCheck.class)
class AddedClientsReadinessCheck implements HealthCheck {
    static final String NAME = ClientReadinessCheck.NAME_PREFIX + "added-by-reload";

    private final ConnectorLifecycle lifecycle;
    /** The clients that got their own check at deployment. */
    private final Set<String> checkedAtBoot;

    @Inject
    AddedClientsReadinessCheck(ConnectorLifecycle lifecycle, WebSocketConnectorExtension extension) {
        this.lifecycle = lifecycle;
        this.checkedAtBoot = ReadinessChecks.checkedClients(extension.configuration().clients().values());
    }

    @Override
    public HealthCheckResponse call() {
        List<ManagedWebSocket> unchecked = lifecycle.configuredNow().stream()
                .filter(connection -> connection.config().healthReadiness())
                .filter(connection -> !checkedAtBoot.contains(connection.config().name()))
                .toList();
        boolean up = true;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("clients", unchecked.isEmpty()
                ? "none" : unchecked.stream().map(c -> c.config().name()).sorted().collect(Collectors.joining(",")));
        for (ManagedWebSocket connection : unchecked) {
            ConnectionStatus status = connection.status();
            up &= status.state() == ConnectionState.OPEN || status.standby();
            response.withData(connection.config().name(), describe(status));
        }
        return response.status(up).build();
    }

    /** One flat value per client: the response's data holds no nested objects. */
    private static String describe(ConnectionStatus status) {
        StringBuilder text = new StringBuilder(status.state().name()).append(" since ").append(status.since());
        status.heldBy().ifPresent(member -> text.append(", held by ").append(member));
        status.lastFailure().ifPresent(failure -> text.append(", last failure ").append(failure.type()).append(": ")
                .append(failure.message()).append(" at ").append(failure.at()));
        return text.toString();
    }
}
