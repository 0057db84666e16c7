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
 * {@code DeploymentException}s, with the useful fact (an SSL exception, the HTTP status of a refused upgrade)
 * somewhere in the cause chain, so the whole chain is searched.
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
        int httpStatus = upgradeStatus(failure);
        if (httpStatus > 0) {
            return new UpgradeRejectedException(config.name(), "server refused the WebSocket upgrade with HTTP "
                    + httpStatus + hint(httpStatus), httpStatus, failure);
        }
        return Failures.classify(config, failure);
    }

    /** The HTTP status of a refused upgrade as Tyrus reports it somewhere in the chain, or 0. */
    private static int upgradeStatus(Throwable failure) {
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

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (check username/password)";
            case 403 -> " (forbidden)";
            case 404 -> " (check the path of the uri)";
            default -> "";
        };
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
