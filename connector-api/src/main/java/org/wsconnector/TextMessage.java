package org.wsconnector;

import java.util.Objects;

/**
 * A text message received on a managed connection; delivered in arrival order, on a worker thread (see
 * {@link WebSocketListener}).
 *
 * @param client the client name
 * @param text   the whole message
 */
public record TextMessage(String client, String text) {
    public TextMessage {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(text, "text");
    }
}
