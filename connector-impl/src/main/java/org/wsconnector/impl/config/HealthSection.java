package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;

import static org.wsconnector.impl.config.ClientKeys.HEALTH_READINESS;

/** What the client contributes to the application's health: {@code health.readiness}. */
final class HealthSection {
    private HealthSection() {
    }

    /** Whether a readiness check reports this client; the default depends on the connection type. */
    static boolean readiness(ClientValues values, ConnectionType type) {
        return values.bool(HEALTH_READINESS, Defaults.healthReadiness(type));
    }
}
