package org.wsconnector.impl.engine;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the engine makes of a failed connect attempt. Transports raise the connector's specific exceptions themselves
 * (they alone know whether a proxy, TLS or the upgrade failed); anything else becomes a {@link ConnectFailedException}
 * that names the target by host and port only, never by the whole URI, whose query may carry a secret.
 */
public final class Failures {
    private Failures() {
    }

    public static WebSocketConnectorException classify(ClientConfig config, Throwable thrown) {
        Throwable failure = unwrap(thrown);
        if (failure instanceof WebSocketConnectorException known) {
            return known;
        }
        return new ConnectFailedException(config.name(), "connection to " + config.uri().getHost() + ":"
                + config.port() + " failed: " + rootMessage(failure), failure);
    }

    /** The failure inside the wrappers of futures. */
    public static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The message of the innermost cause, or its class name when it has none: what an operator can act on. */
    public static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
