package org.wsconnector;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration problem found at boot, carried by {@link ConfigurationException#problems()}.
 *
 * @param code    the kind of problem; its {@link ConfigProblemCode#id() id} starts the reported line
 * @param client  the client concerned, e.g. {@code ari}; empty for a problem of no client (a key without a client
 *                name, an injection point without {@code @WebSocketClient})
 * @param key     the full key concerned, e.g. {@code websocket.client.ari.connection-timeout}; empty when no single
 *                key is (an invalid client name, an injection point)
 * @param message the text after the code: names the client, the key, the value (secrets shown as {@code ****}) and
 *                what is allowed
 */
public record ConfigProblem(ConfigProblemCode code, Optional<String> client, Optional<String> key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** The line as reported: {@code WSCFG0101: client 'ari', key …}. */
    public String line() {
        return code.id() + ": " + message;
    }

    @Override
    public String toString() {
        return line();
    }
}
