package org.wsconnector.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.WebSocketClient;

import java.util.Optional;

/**
 * The MicroProfile Health readiness check of one client, named {@code ws-connector/<client>}: UP only while the
 * client is OPEN, so that a load balancer stops routing to a node whose essential connection is down. Its data is
 * the client's {@link ConnectionStatus}, free of secrets by construction.
 *
 * <p>{@link ReadinessChecks} adds this class once per client, qualified {@code @WebSocketClient("<client>")}; each
 * bean learns its client from that qualifier. Referred to only from there, which the extension loads only where the
 * Health API is present.
 */
@Readiness
@Dependent
@Typed(HealthCheck.class)
class ClientReadinessCheck implements HealthCheck {
    static final String NAME_PREFIX = "ws-connector/";

    private final String client;
    private final ConnectorLifecycle lifecycle;

    @Inject
    ClientReadinessCheck(Bean<ClientReadinessCheck> bean, ConnectorLifecycle lifecycle) {
        this.client = bean.getQualifiers().stream().filter(WebSocketClient.class::isInstance)
                .map(qualifier -> ((WebSocketClient) qualifier).value()).findFirst()
                .orElseThrow(() -> new IllegalStateException("a readiness check without @WebSocketClient: " + bean));
        this.lifecycle = lifecycle;
    }

    /**
     * UP while OPEN. A check cannot be added or taken away after deployment, so one whose client a reload removed,
     * or set to {@code health.readiness=false}, stays and reports UP: the node does not depend on that client now.
     */
    @Override
    public HealthCheckResponse call() {
        Optional<ManagedWebSocket> connection = lifecycle.configured(client);
        if (connection.isEmpty()) {
            return HealthCheckResponse.named(NAME_PREFIX + client).up()
                    .withData("state", "REMOVED")
                    .withData("readiness", "off: removed from the configuration by a reload").build();
        }
        ConnectionStatus status = connection.get().status();
        boolean checked = connection.get().config().healthReadiness();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME_PREFIX + client)
                // A client another cluster member holds is on standby here, not down (README "Cluster").
                .status(!checked || status.state() == ConnectionState.OPEN || status.standby())
                .withData("state", status.state().name())
                .withData("since", status.since().toString())
                .withData("uri", status.uri())
                .withData("reconnects", status.reconnects());
        if (!checked) {
            response.withData("readiness", "off: health.readiness=false since a reload");
        }
        status.heldBy().ifPresent(member -> response.withData("heldBy", member));
        status.proxy().ifPresent(proxy -> response.withData("proxy", proxy));
        status.lastPingRoundTrip().ifPresent(roundTrip -> response.withData("lastPingRoundTrip", roundTrip.toString()));
        status.lastFailure().ifPresent(failure -> response
                .withData("lastFailureClass", failure.type())
                .withData("lastFailureMessage", failure.message())
                .withData("lastFailureAt", failure.at().toString()));
        return response.build();
    }
}
