package org.wsconnector.cdi;

import org.wsconnector.impl.json.JsonMessages;
import org.wsconnector.impl.json.JsonTypes;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON-B side of the extension: per client, the {@link JsonTypes} of the types its observers declare, and the
 * encoder of {@code sendObject}. The only class of the extension that reaches JSON-B (through connector-impl's
 * {@link JsonMessages}), so that an application without it boots.
 */
final class JsonMessageCodec implements AutoCloseable {
    private final JsonMessages json;
    private final Map<String, JsonTypes> typesByClient;

    private JsonMessageCodec(JsonMessages json, Map<String, JsonTypes> typesByClient) {
        this.json = json;
        this.typesByClient = typesByClient;
    }

    /**
     * @param observedByClient the types observed per client name
     * @throws IllegalStateException when no JSON-B provider can be found
     */
    static JsonMessageCodec create(Map<String, ? extends Collection<Class<?>>> observedByClient) {
        JsonMessages json = JsonMessages.create();
        Map<String, JsonTypes> types = new TreeMap<>();
        observedByClient.forEach((client, observed) -> types.put(client, json.types(observed)));
        return new JsonMessageCodec(json, types);
    }

    /** For {@code sendObject}: the value's JSON; throws {@code JsonbException} for a value JSON-B cannot encode. */
    String encode(Object value) {
        return json.encode(value);
    }

    /** The types observed for {@code client}; empty when it has no typed observers. */
    Optional<JsonTypes> types(String client) {
        return Optional.ofNullable(typesByClient.get(client));
    }

    @Override
    public void close() throws Exception {
        json.close();
    }
}
