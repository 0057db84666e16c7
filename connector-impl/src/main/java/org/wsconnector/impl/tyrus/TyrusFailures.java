package org.wsconnector.impl.tyrus;

import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.Failures;

import javax.net.ssl.SSLException;

/**
 * Turns what {@code connectToServer} threw into the connector's specific exceptions. The transport raises them itself
 * for the steps it owns (TCP, proxy, TLS handshake); what passes through Tyrus comes back wrapped in
 * {@code DeploymentException}s, with the useful fact (an SSL exception, Tyrus refusing the handshake) somewhere in
 * the cause chain, so the whole chain is searched.
 */
final class TyrusFailures {
    private TyrusFailures() {
    }

    static WebSocketConnectorException classify(ClientConfig config, Throwable thrown) {
        Throwable failure = Failures.unwrap(thrown);
        if (failure instanceof WebSocketConnectorException known) {
            return known; // the transport already said precisely what happened
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return new TlsHandshakeException(config.name(), "TLS handshake with " + config.uri().getHost()
                    + " failed: " + Failures.rootMessage(tls), tls);
        }
        boolean handshakeRefused = find(failure, HandshakeException.class) != null
                || find(failure, DeploymentHandshakeException.class) != null;
        if (handshakeRefused) {
            // UpgradeReplyCheck refuses every non-101 and every invalid 101 first: this is Tyrus refusing a 101 the
            // connector accepted, so the status says nothing and is not reported.
            return new UpgradeRejectedException(config.name(), "Tyrus refused the server's 101 reply: "
                    + Failures.rootMessage(failure), 101, failure);
        }
        return Failures.classify(config, failure);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
