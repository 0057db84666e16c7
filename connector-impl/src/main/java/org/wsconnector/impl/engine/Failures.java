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
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever a connect attempt threw into the connector's specific exceptions. Tyrus wraps the real reason in
 * {@code DeploymentException("Connection failed.")} and friends; the useful facts (an SSL exception, a refused
 * connection, an HTTP status) sit somewhere in the cause chain, so the whole chain is searched.
 */
public final class Failures {
    /** Tyrus's proxy failure text ends with the status code of the proxy's reply. */
    private static final Pattern PROXY_STATUS = Pattern.compile("(?i)proxy.*?(?:status code:?|error\\.?)\\s*(\\d{3})");

    private Failures() {
    }

    public static WebSocketConnectorException classify(ClientConfig config, Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof WebSocketConnectorException known) {
            return known;
        }
        String client = config.name();
        Optional<ProxyConfig> proxy = config.proxy();
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return new TlsHandshakeException(client, "TLS handshake with " + config.uri().getHost() + " failed: "
                    + rootMessage(tls), tls);
        }
        Matcher proxyStatus = PROXY_STATUS.matcher(chainMessages(failure));
        if (proxy.isPresent() && proxyStatus.find()) {
            int status = Integer.parseInt(proxyStatus.group(1));
            return proxyFailure(config, proxy.get(), "HTTP " + status, status, failure);
        }
        ConnectException refused = find(failure, ConnectException.class);
        NoRouteToHostException noRoute = find(failure, NoRouteToHostException.class);
        UnknownHostException unknownHost = find(failure, UnknownHostException.class);
        if (refused != null || noRoute != null || unknownHost != null) {
            String reason = rootMessage(failure);
            if (proxy.isPresent()) {
                return new ProxyException(client, proxy.get().address(), null, "proxy " + proxy.get().address()
                        + " unreachable: " + reason, failure);
            }
            return new ConnectFailedException(client, "cannot reach " + config.uri().getHost() + ":"
                    + port(config) + ": " + reason, failure);
        }
        int httpStatus = UpgradeStatus.of(failure);
        if (httpStatus > 0) {
            return new UpgradeRejectedException(client, "server refused the WebSocket upgrade with HTTP " + httpStatus
                    + hint(httpStatus), httpStatus, failure);
        }
        if (find(failure, ClosedChannelException.class) != null && proxy.isPresent()) {
            return new ProxyException(client, proxy.get().address(), null, "proxy " + proxy.get().address()
                    + " closed the connection before the tunnel was open", failure);
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

    private static String chainMessages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable current = failure; current != null && current.getCause() != current; current = current.getCause()) {
            text.append(current.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
