package org.wsconnector.impl.engine;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;

import javax.net.ssl.SSLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns whatever a connect attempt threw into the connector's specific exceptions. The transport raises specific
 * exceptions itself for the steps it owns (TCP, proxy, TLS handshake, deadline); what reaches Tyrus comes back
 * wrapped in {@code DeploymentException}s, with the useful fact (an SSL exception, the HTTP status of a refused
 * upgrade) somewhere in the cause chain, so the whole chain is searched. Also builds the proxy refusal exceptions.
 */
public final class Failures {
    private Failures() {
    }

    public static WebSocketConnectorException classify(ClientConfig config, Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof WebSocketConnectorException known) {
            return known; // the transport already said precisely what happened (proxy, timeout, TLS, network)
        }
        String client = config.name();
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return new TlsHandshakeException(client, "TLS handshake with " + config.uri().getHost() + " failed: "
                    + rootMessage(tls), tls);
        }
        int httpStatus = UpgradeStatus.of(failure);
        if (httpStatus > 0) {
            return new UpgradeRejectedException(client, "server refused the WebSocket upgrade with HTTP " + httpStatus
                    + hint(httpStatus), httpStatus, failure);
        }
        return new ConnectFailedException(client, "connection to " + config.uri() + " failed: " + rootMessage(failure),
                failure);
    }

    public static WebSocketConnectorException proxyFailure(ClientConfig config, ProxyConfig proxy, String statusLine,
                                                     int status, Throwable cause) {
        String client = config.name();
        String address = proxy.address();
        if (status == 407) {
            return new ProxyAuthenticationException(client, address, statusLine, proxy.credentials().isPresent(), cause);
        }
        String meaning = switch (status) {
            case 403 -> "refused the tunnel by its policy";
            case 502, 504 -> "could not reach " + config.uri().getHost() + ":" + port(config);
            case 503 -> "is unavailable";
            default -> "refused the tunnel";
        };
        return new ProxyException(client, address, statusLine, "proxy " + address + " " + meaning + " ("
                + statusLine + ")", cause);
    }

    public static int port(ClientConfig config) {
        int port = config.uri().getPort();
        return port > 0 ? port : config.secure() ? 443 : 80;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (check username/password)";
            case 403 -> " (forbidden)";
            case 404 -> " (check the path of the uri)";
            default -> "";
        };
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
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

    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
