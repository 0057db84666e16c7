package org.wsconnector;

import java.util.Objects;

/**
 * A text message that none of the types observed for its client could be decoded into (see "Typed messages" in the
 * README): fired after the raw {@link TextMessage}, which is delivered regardless, on the same worker thread and in
 * the same order. The connection is not affected.
 *
 * @param client the client name
 * @param text   the whole message, as received
 * @param reason why each observed type refused it, as JSON-B said, one {@code Type: reason} per type
 */
public record UndecodableMessage(String client, String text, String reason) {
    public UndecodableMessage {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(reason, "reason");
    }
}
