package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.Credentials;
import org.wsconnector.config.Secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.wsconnector.ConfigProblemCode.FILE_NOT_FOUND;
import static org.wsconnector.ConfigProblemCode.FILE_NOT_READABLE;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.INVALID_BOOLEAN;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.INVALID_NUMBER;
import static org.wsconnector.ConfigProblemCode.INVALID_SIZE;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;

/**
 * The raw values of one client (keys relative to its prefix) read as typed values. A bad value is reported to the
 * boot's {@link ConfigProblems} — never thrown — and reading goes on with the default, so that one boot finds every
 * problem; {@link #failed()} then tells the client must not be used.
 */
final class ClientValues {
    private static final long MIN_SIZE = 1024;
    private static final long MAX_SIZE = 1024L * 1024 * 1024;

    private final String client;
    private final Map<String, String> values;
    private final ConfigProblems problems;
    private boolean failed;

    ClientValues(String client, Map<String, String> values, ConfigProblems problems) {
        this.client = client;
        this.values = values;
        this.problems = problems;
    }

    String client() {
        return client;
    }

    Set<String> keys() {
        return values.keySet();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value as written, or null when the key is not set. */
    String raw(String key) {
        return values.get(key);
    }

    /** Whether any problem was reported for this client. */
    boolean failed() {
        return failed;
    }

    void invalid(ConfigProblemCode code, String key, String value, String reason, String allowed) {
        failed = true;
        problems.invalid(code, client, key, value, reason, allowed);
    }

    void problem(ConfigProblemCode code, String key, String reason) {
        failed = true;
        problems.problem(code, client, key, reason);
    }

    Duration positiveDuration(String key, Duration defaultValue) {
        Optional<Duration> parsed = parsed(key, Durations::parse, INVALID_DURATION, Durations.ALLOWED);
        if (parsed.isPresent() && (parsed.get().isZero() || parsed.get().isNegative())) {
            invalid(OUT_OF_RANGE, key, values.get(key), "must be positive", Durations.ALLOWED + ", greater than zero");
            return defaultValue;
        }
        return parsed.orElse(defaultValue);
    }

    /** A byte size from 1 KiB to 1 GiB. */
    long size(String key, long defaultValue) {
        Optional<Long> parsed = parsed(key, Sizes::parse, INVALID_SIZE, Sizes.ALLOWED);
        if (parsed.isPresent() && (parsed.get() < MIN_SIZE || parsed.get() > MAX_SIZE)) {
            invalid(OUT_OF_RANGE, key, values.get(key), "out of range", Sizes.ALLOWED + ", from 1KiB to 1GiB");
            return defaultValue;
        }
        return parsed.orElse(defaultValue);
    }

    /** A parser that says why it cannot parse a text in {@code reason[0]}, as {@link Durations} and {@link Sizes}. */
    private interface Parser<T> {
        Optional<T> parse(String text, String[] reason);
    }

    /** The parsed value; empty when not set or when it does not parse (then reported as {@code code}). */
    private <T> Optional<T> parsed(String key, Parser<T> parser, ConfigProblemCode code, String allowed) {
        String text = values.get(key);
        if (text == null) {
            return Optional.empty();
        }
        String[] reason = new String[1];
        Optional<T> parsed = parser.parse(text, reason);
        if (parsed.isEmpty()) {
            invalid(code, key, text, reason[0], allowed);
        }
        return parsed;
    }

    /** A whole number ≥ {@code min}; empty when not set or invalid. */
    OptionalInt integer(String key, int min, String allowed) {
        String text = values.get(key);
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min) {
                return OptionalInt.of(value);
            }
            invalid(OUT_OF_RANGE, key, text, "out of range", allowed);
        } catch (NumberFormatException e) {
            invalid(INVALID_NUMBER, key, text, "not a whole number", allowed);
        }
        return OptionalInt.empty();
    }

    double decimal(String key, double defaultValue, double min, double max, String allowed) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
            invalid(OUT_OF_RANGE, key, text, "out of range", allowed);
        } catch (NumberFormatException e) {
            invalid(INVALID_NUMBER, key, text, "not a decimal number", allowed);
        }
        return defaultValue;
    }

    boolean bool(String key, boolean defaultValue) {
        String text = values.get(key);
        if (text == null) {
            return defaultValue;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        invalid(INVALID_BOOLEAN, key, text, "not a boolean", "true or false");
        return defaultValue;
    }

    /**
     * One of {@code choices}, looked up by the trimmed lower-case value; {@code defaultValue} when not set, empty
     * when the value is none of them (reported as {@code reason}).
     */
    <T> Optional<T> choice(String key, Map<String, T> choices, T defaultValue, String reason, String allowed) {
        String text = values.get(key);
        if (text == null) {
            return Optional.of(defaultValue);
        }
        T chosen = choices.get(text.trim().toLowerCase(Locale.ROOT));
        if (chosen == null) {
            invalid(ConfigProblemCode.UNKNOWN_VALUE, key, text, reason, allowed);
        }
        return Optional.ofNullable(chosen);
    }

    /** The path of an existing, readable file; empty when not set or not usable. */
    Optional<Path> existingFile(String key) {
        String text = values.get(key);
        if (text == null) {
            return Optional.empty();
        }
        Path path = Path.of(text.trim());
        if (!Files.isRegularFile(path)) {
            invalid(FILE_NOT_FOUND, key, text, "file not found", "the path of an existing, readable file");
            return Optional.empty();
        }
        if (!Files.isReadable(path)) {
            invalid(FILE_NOT_READABLE, key, text, "file not readable", "the path of an existing, readable file");
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** A user and password that go together (Basic authentication to the server or to the proxy). */
    Optional<Credentials> credentials(String userKey, String passwordKey) {
        String username = values.get(userKey);
        String password = values.get(passwordKey);
        if (username == null && password == null) {
            return Optional.empty();
        }
        if (username == null || username.isEmpty()) {
            problem(MISSING_COMPANION_KEY, userKey, "missing while " + ClientKeys.fullKey(client, passwordKey)
                    + " is set; allowed: set both or neither");
            return Optional.empty();
        }
        if (username.indexOf(':') >= 0) {
            invalid(FORBIDDEN_CHARACTER, userKey, username, "Basic authentication cannot carry ':' in a username",
                    "a name without ':'");
            return Optional.empty();
        }
        if (password == null) {
            problem(MISSING_COMPANION_KEY, passwordKey, "missing while " + ClientKeys.fullKey(client, userKey)
                    + " is set; allowed: set both or neither");
            return Optional.empty();
        }
        if (hasLineBreak(username) || hasLineBreak(password)) {
            invalid(FORBIDDEN_CHARACTER, hasLineBreak(username) ? userKey : passwordKey,
                    hasLineBreak(username) ? username : password, "contains CR or LF", "a value without line breaks");
            return Optional.empty();
        }
        return Optional.of(new Credentials(username, Secret.of(password)));
    }

    /** The non-empty, trimmed items of a comma list. */
    static List<String> splitList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    static boolean hasLineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    }
}
