package org.wsconnector.cdi;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStatus;

import java.util.Objects;

/**
 * The MicroProfile Health readiness check of one client, named {@code ws-connector/<client>}: UP only while the
 * client is OPEN, so that a load balancer stops routing to a node whose essential connection is down. Its data is
 * the client's {@link ConnectionStatus}, free of secrets by construction. Referred to only from
 * {@link ReadinessChecks}, which the extension loads only where the Health API is present.
 */
final class ClientReadinessCheck implements HealthCheck {
    static final String NAME_PREFIX = "ws-connector/";

    private final String client;
    private final ConnectorLifecycle lifecycle;

    ClientReadinessCheck(String client, ConnectorLifecycle lifecycle) {
        this.client = Objects.requireNonNull(client, "client");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    @Override
    public HealthCheckResponse call() {
        ConnectionStatus status = lifecycle.connection(client).status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME_PREFIX + client)
                .status(status.state() == ConnectionState.OPEN)
                .withData("state", status.state().name())
                .withData("since", status.since().toString())
                .withData("uri", status.uri())
                .withData("reconnects", status.reconnects());
        status.proxy().ifPresent(proxy -> response.withData("proxy", proxy));
        status.lastPingRoundTrip().ifPresent(roundTrip -> response.withData("lastPingRoundTrip", roundTrip.toString()));
        status.lastFailure().ifPresent(failure -> response
                .withData("lastFailureClass", failure.type())
                .withData("lastFailureMessage", failure.message())
                .withData("lastFailureAt", failure.at().toString()));
        return response.build();
    }
}
