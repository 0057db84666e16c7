package org.wsconnector;

import java.util.Objects;
import java.util.Optional;

/**
 * Root of every failure the connector reports. Each carries the name of the client it concerns — a
 * {@link ConfigurationException}, which may concern several clients, names each in its message and lists them in
 * {@link ConfigurationException#clients()}. Its message never contains a secret.
 */
public class WebSocketConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String client;
    private final String reason;

    public WebSocketConnectorException(String client, String message, Throwable cause) {
        super("[" + client + "] " + message, cause);
        this.client = Objects.requireNonNull(client, "client");
        this.reason = message;
    }

    public WebSocketConnectorException(String client, String message) {
        this(client, message, null);
    }

    /**
     * For a failure that may concern several clients or none (a configuration): the message names every client
     * itself, so it is kept as it is, without a {@code [client]} prefix.
     *
     * @param client the one client concerned; empty when there are several or none ({@link #client()} is then "")
     */
    protected WebSocketConnectorException(Optional<String> client, String message) {
        super(message);
        this.client = client.orElse("");
        this.reason = message;
    }

    /** The client name; "" for a failure that concerns several clients or none (see the protected constructor). */
    public String client() {
        return client;
    }

    /** The message without the {@code [client]} prefix. */
    public String reason() {
        return reason;
    }
}
