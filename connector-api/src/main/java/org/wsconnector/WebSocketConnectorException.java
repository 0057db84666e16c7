package org.wsconnector;

import java.util.Objects;

/**
 * Root of every failure the connector reports. Each carries the name of the client it concerns; its message
 * never contains a secret.
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

    /** The client name. */
    public String client() {
        return client;
    }

    /** The message without the {@code [client]} prefix. */
    public String reason() {
        return reason;
    }
}
