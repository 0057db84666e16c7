package org.wsconnector.cdi;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.annotation.JsonbTypeInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decodes a client's text messages with JSON-B into the types its observers declare, and encodes what
 * {@code sendObject} sends. The only class that touches JSON-B, so that an application without it boots.
 *
 * <p><b>What matches.</b> A type under a {@link JsonbTypeInfo} (the annotated type itself, or a subtype of one —
 * e.g. a record implementing a sealed event interface) is decoded through the nearest annotated type: it matches
 * when the discriminator names a known subtype, the rest decodes, and the result is an instance of an observed type.
 * Observed types sharing one annotated root are decoded once, and the result is fired once: CDI then notifies the
 * observers of the interface and of the record alike. Any other type matches when JSON-B decodes the message into it
 * without error — JSON-B ignores unknown properties, so any JSON object matches such a type: give event families a
 * discriminator. A message matched by none is undecodable.
 */
final class JsonMessageCodec implements AutoCloseable {
    private final Jsonb jsonb;
    private final Map<String, List<Target>> targetsByClient;

    /** One decode: into {@code decodeAs}, delivered when the result is an instance of one of {@code observed}. */
    private record Target(Class<?> decodeAs, List<Class<?>> observed) {
        boolean delivers(Object value) {
            return observed.stream().anyMatch(type -> type.isInstance(value));
        }
    }

    /** What one message decoded into, in the order of the types' names; or why nothing matched. */
    record Decoded(List<Object> values, Optional<String> failure) {
    }

    private JsonMessageCodec(Jsonb jsonb, Map<String, List<Target>> targetsByClient) {
        this.jsonb = jsonb;
        this.targetsByClient = targetsByClient;
    }

    /**
     * @param observedByClient the types observed per client name
     * @throws JsonbException when no JSON-B provider can be found
     */
    static JsonMessageCodec create(Map<String, ? extends Collection<Class<?>>> observedByClient) {
        Map<String, List<Target>> targets = new TreeMap<>();
        observedByClient.forEach((client, types) -> targets.put(client, targets(types)));
        return new JsonMessageCodec(JsonbBuilder.create(), targets);
    }

    private static List<Target> targets(Collection<Class<?>> observed) {
        Map<String, List<Class<?>>> byRoot = new TreeMap<>();
        Map<String, Class<?>> roots = new TreeMap<>();
        for (Class<?> type : observed) {
            Class<?> root = polymorphicRoot(type).orElse(type);
            roots.put(root.getName(), root);
            byRoot.computeIfAbsent(root.getName(), name -> new ArrayList<>()).add(type);
        }
        return roots.entrySet().stream().map(root -> new Target(root.getValue(), byRoot.get(root.getKey())))
                .collect(Collectors.toUnmodifiableList());
    }

    /** The type itself or its nearest supertype carrying {@link JsonbTypeInfo}, searched breadth first. */
    private static Optional<Class<?>> polymorphicRoot(Class<?> type) {
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(type));
        while (!pending.isEmpty()) { // ends: the supertype graph is finite and acyclic
            Class<?> candidate = pending.removeFirst();
            if (candidate.isAnnotationPresent(JsonbTypeInfo.class)) {
                return Optional.of(candidate);
            }
            if (candidate.getSuperclass() != null) {
                pending.addLast(candidate.getSuperclass());
            }
            pending.addAll(List.of(candidate.getInterfaces()));
        }
        return Optional.empty();
    }

    /** For {@code sendObject}: the value's JSON; throws {@code JsonbException} for a value JSON-B cannot encode. */
    String encode(Object value) {
        return jsonb.toJson(value);
    }

    boolean decodes(String client) {
        return targetsByClient.containsKey(client);
    }

    /** Never throws for what the peer sent: a refusal becomes part of the failure. */
    Decoded decode(String client, String text) {
        List<Object> values = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Target target : targetsByClient.getOrDefault(client, List.of())) {
            try {
                Object value = jsonb.fromJson(text, target.decodeAs());
                if (value != null && target.delivers(value)) {
                    values.add(value);
                } else if (value == null) {
                    refusals.add(target.decodeAs().getSimpleName() + ": null");
                }
                // else: a known subtype no observer wants (e.g. only StasisStart is observed): decoded, not delivered
            } catch (RuntimeException refused) { // JsonbException, and whatever a provider's adapters throw
                refusals.add(target.decodeAs().getSimpleName() + ": " + refused.getMessage());
            }
        }
        boolean undecodable = values.isEmpty() && refusals.size() == targetsByClient.getOrDefault(client, List.of())
                .size();
        return new Decoded(values, undecodable ? Optional.of(String.join("; ", refusals)) : Optional.empty());
    }

    @Override
    public void close() throws Exception {
        jsonb.close();
    }
}
