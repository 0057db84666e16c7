package org.wsconnector.config;

import java.util.Objects;

/**
 * A password or other secret from the configuration. Its {@code toString()} is always masked, so a secret cannot
 * reach a log or a config dump by accident; call {@link #reveal()} only where the value is really needed.
 */
public final class Secret {
    public static final String MASK = "****";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself. */
    public String reveal() {
        return value;
    }

    public char[] toCharArray() {
        return value.toCharArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
