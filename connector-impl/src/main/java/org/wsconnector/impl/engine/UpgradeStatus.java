package org.wsconnector.impl.engine;

import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

/** The HTTP status of a refused upgrade, as Tyrus reports it somewhere in the cause chain. */
final class UpgradeStatus {
    private UpgradeStatus() {
    }

    /** The status, or 0 when the failure is not a refused upgrade. */
    static int of(Throwable failure) {
        for (Throwable current = failure; current != null && current.getCause() != current; current = current.getCause()) {
            if (current instanceof DeploymentHandshakeException handshake && handshake.getHttpStatusCode() > 0) {
                return handshake.getHttpStatusCode();
            }
            if (current instanceof HandshakeException handshake && handshake.getHttpStatusCode() > 0) {
                return handshake.getHttpStatusCode();
            }
        }
        return 0;
    }
}
