package org.wsconnector.impl.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.annotation.JsonbTypeInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decodes text messages with JSON-B into a set of observed types: the one place where what matches is decided, for
 * CDI observers and {@link org.wsconnector.TypedMessageListener}s alike.
 *
 * <p><b>What matches.</b> A type under a {@link JsonbTypeInfo} (the annotated type itself, or a subtype of one —
 * e.g. a record implementing a sealed event interface) is decoded through the nearest annotated type: it matches
 * when the discriminator names a known subtype, the rest decodes, and the result is an instance of an observed type.
 * Observed types sharing one annotated root are decoded once, and the result is delivered once: CDI then notifies the
 * observers of the interface and of the record alike. Any other type matches when JSON-B decodes the message into it
 * without error — JSON-B ignores unknown properties, so any JSON object matches such a type: give event families a
 * discriminator. A message matched by none is undecodable.
 */
public final class JsonTypes {
    private final Jsonb jsonb;
    private final List<Target> targets;

    /** One decode: into {@code decodeAs}, delivered when the result is an instance of one of {@code observed}. */
    private record Target(Class<?> decodeAs, List<Class<?>> observed) {
        boolean delivers(Object value) {
            return observed.stream().anyMatch(type -> type.isInstance(value));
        }
    }

    /** What one message decoded into, in the order of the types' names; or why nothing matched. */
    public record Decoded(List<Object> values, Optional<String> failure) {
    }

    JsonTypes(Jsonb jsonb, Collection<Class<?>> observed) {
        this.jsonb = jsonb;
        this.targets = targets(observed);
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
                .toList();
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

    /** Never throws for what the peer sent: a refusal becomes part of the failure. */
    public Decoded decode(String text) {
        List<Object> values = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (Target target : targets) {
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
        boolean undecodable = values.isEmpty() && refusals.size() == targets.size();
        return new Decoded(values, undecodable ? Optional.of(String.join("; ", refusals)) : Optional.empty());
    }
}
