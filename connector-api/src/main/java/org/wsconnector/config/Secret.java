package org.wsconnector.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A password or other secret from the configuration. Its {@code toString()} is always masked, so a secret cannot
 * reach a log or a config dump by accident; call {@link #reveal()} only where the value is really needed.
 */
public final class Secret {
    public static final String MASK = "****";
    /** Parameter names that carry credentials: {@code api_key}, {@code access_token}, {@code X-Amz-Signature}… */
    private static final List<String> SECRET_PARAMETER_MARKERS = List.of("pass", "pwd", "secret", "token", "key",
            "auth", "sig", "session", "credential", "code");
    /** Stands for a secret that must not be read where it is shown (see {@link #isWithheld()}). */
    private static final Secret WITHHELD = new Secret(null);
    private final String value; // null when withheld

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /**
     * A secret that is there but cannot be read: what {@code ManagedWebSocket.config()} shows in place of each
     * password, so that a class that can inject a client cannot read its credentials.
     */
    public static Secret withheld() {
        return WITHHELD;
    }

    /**
     * {@code uri} with the value of every query parameter whose name looks like a credential replaced by
     * {@value #MASK}: {@code wss://h/x?app=billing&api_key=****}. For messages and {@code toString()}; a WebSocket
     * server often takes its token in the query.
     */
    public static String maskQueryValues(String uri) {
        int query = uri == null ? -1 : uri.indexOf('?');
        if (query < 0) {
            return uri;
        }
        int fragment = uri.indexOf('#', query);
        int end = fragment < 0 ? uri.length() : fragment;
        StringJoiner parameters = new StringJoiner("&");
        for (String parameter : uri.substring(query + 1, end).split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
            boolean secret = equals >= 0 && SECRET_PARAMETER_MARKERS.stream().anyMatch(name::contains);
            parameters.add(secret ? parameter.substring(0, equals + 1) + MASK : parameter);
        }
        return uri.substring(0, query + 1) + parameters + uri.substring(end);
    }

    /** True for {@link #withheld()}: {@link #reveal()} and {@link #toCharArray()} throw. */
    public boolean isWithheld() {
        return value == null;
    }

    /**
     * The secret itself.
     *
     * @throws IllegalStateException when {@link #isWithheld() withheld}
     */
    public String reveal() {
        if (value == null) {
            throw new IllegalStateException("this secret is withheld: ManagedWebSocket.config() does not show "
                    + "secrets");
        }
        return value;
    }

    /** As {@link #reveal()}, as characters. */
    public char[] toCharArray() {
        return reveal().toCharArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return MASK;
    }
}
