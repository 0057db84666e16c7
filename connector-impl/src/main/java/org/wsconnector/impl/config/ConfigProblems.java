package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigProblemCode;
import org.wsconnector.ConfigurationException;
import org.wsconnector.config.Secret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects every configuration problem of a boot — values and TLS material of every client — so that one deployment
 * reports all of them at once. Each message names the client, the full key, the value and what is allowed. The one
 * place that makes configuration text safe to show: a value under a key that is or resembles a secret key is masked
 * ({@link SecretKeys}), secret query parameters of the URI too, and keys and values are escaped and cut
 * ({@link SafeText}); every message is escaped once more as a whole. Not thread-safe: one boot fills it on one
 * thread.
 */
public final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** A bad value: {@code client 'ari', key websocket.client.ari.x, value '…': reason; allowed: …}. */
    public void invalid(ConfigProblemCode code, String client, String key, String value, String reason,
                        String allowed) {
        add(code, client, key, "client '" + client + "', key " + SafeText.quote(ClientKeys.fullKey(client, key))
                + ", value '" + shown(key, value) + "': " + reason + (allowed == null ? "" : "; allowed: " + allowed));
    }

    /** A problem that is not about one value (a missing key, two keys that exclude each other, ...). */
    public void problem(ConfigProblemCode code, String client, String key, String reason) {
        add(code, client, key, "client '" + client + "', key " + SafeText.quote(ClientKeys.fullKey(client, key)) + ": "
                + reason);
    }

    /** A problem whose message is complete as it is, e.g. an injection point naming an unconfigured client. */
    public void add(ConfigProblem problem) {
        problems.add(new ConfigProblem(problem.code(), problem.client(), problem.key(),
                SafeText.escape(problem.message())));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Whether any problem concerns {@code client}. */
    public boolean concern(String client) {
        return problems.stream().anyMatch(problem -> problem.client().equals(Optional.of(client)));
    }

    /** Every problem, those of no client first, then client by client in name order, each in the order found. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(problem -> problem.client().orElse("")));
        return List.copyOf(sorted);
    }

    /** The reported lines ({@code WSCFG…: …}) of {@link #problems()}. */
    public List<String> messages() {
        return problems().stream().map(ConfigProblem::line).toList();
    }

    /** Throws one {@link ConfigurationException} listing all problems, if there are any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems());
        }
    }

    private void add(ConfigProblemCode code, String client, String key, String message) {
        add(new ConfigProblem(code, Optional.of(client), Optional.of(ClientKeys.fullKey(client, key)), message));
    }

    /**
     * A value as a message may show it: {@code ****} under a key that is or resembles a secret key, the URI with its
     * secret query parameters masked, anything else escaped and cut.
     */
    static String shown(String key, String value) {
        if (SecretKeys.resemblesSecret(key)) {
            return Secret.MASK;
        }
        return SafeText.quote(key.trim().equals(ClientKeys.URI) ? Secret.maskQueryValues(value) : value);
    }
}
