package org.wsconnector.impl.config;

import org.wsconnector.ConfigurationException;
import org.wsconnector.config.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects every configuration problem of a boot so that one deployment reports all of them at once. Each message
 * names the client, the full key, the value (masked when secret) and what is allowed.
 */
public final class ConfigProblems {
    private final List<String> messages = new ArrayList<>();

    /** A bad value: {@code client 'ari', key websocket.client.ari.x, value '…': reason; allowed: …}. */
    public void invalid(String client, String key, String value, String reason, String allowed) {
        messages.add("client '" + client + "', key " + ClientKeys.fullKey(client, key) + ", value '"
                + maskIfSecret(key, value) + "': " + reason + (allowed == null ? "" : "; allowed: " + allowed));
    }

    /** A problem that is not about one value (a missing key, two keys that exclude each other, ...). */
    public void problem(String client, String key, String reason) {
        messages.add("client '" + client + "', key " + ClientKeys.fullKey(client, key) + ": " + reason);
    }

    /** A problem with no single key, e.g. an injection point naming an unconfigured client. */
    public void general(String message) {
        messages.add(message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Throws a {@link ConfigurationException} listing all problems, if there are any. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigurationException(messages);
        }
    }

    /** Passwords, and header values that usually carry tokens, are never shown. */
    static String maskIfSecret(String key, String value) {
        return isSecretKey(key) ? Secret.MASK : value;
    }

    static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith("password")) {
            return true;
        }
        if (lower.startsWith(ClientKeys.HEADERS_PREFIX)) {
            return lower.contains("authorization") || lower.contains("cookie") || lower.contains("token")
                    || lower.contains("key") || lower.contains("secret");
        }
        return false;
    }
}
