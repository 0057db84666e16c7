package org.wsconnector.impl.config;

import org.wsconnector.ConfigProblemCode;
import org.wsconnector.config.Credentials;
import org.wsconnector.config.Secret;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.FILE_NOT_FOUND;
import static org.wsconnector.ConfigProblemCode.FILE_NOT_READABLE;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.INVALID_BOOLEAN;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.INVALID_NUMBER;
import static org.wsconnector.ConfigProblemCode.INVALID_SIZE;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.ConfigProblemCode.UNRESOLVABLE_VALUE;

/**
 * The raw values of one client (keys relative to its prefix) read as typed values. A bad value is reported to the
 * boot's {@link ConfigProblems} — never thrown — and reading goes on with the default, so that one boot finds every
 * problem; {@link #failed()} then tells the client must not be used.
 */
final class ClientValues {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{[^}]*}?");

    private final String client;
    private final Map<String, String> values;
    private final Map<String, String> unresolved;
    private final ConfigProblems problems;
    private boolean failed;
    private String lastKeyRead;

    /**
     * @param values     the resolved values, by key relative to the client's prefix
     * @param unresolved the raw values of keys whose expression the configuration could not resolve
     */
    ClientValues(String client, Map<String, String> values, Map<String, String> unresolved, ConfigProblems problems) {
        this.client = client;
        this.values = values;
        this.unresolved = unresolved;
        this.problems = problems;
    }

    String client() {
        return client;
    }

    /** Every key set, resolved or not. */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>(values.keySet());
        keys.addAll(unresolved.keySet());
        return keys;
    }

    /** Whether the key is set — also when its expression cannot be resolved, which is reported on its own. */
    boolean has(String key) {
        return values.containsKey(key) || unresolved.containsKey(key);
    }

    /** The value as written, or null when the key is not set or its expression cannot be resolved. */
    String raw(String key) {
        lastKeyRead = key;
        return values.get(key);
    }

    /** The key read last, to name in a problem when reading failed unexpectedly. */
    Optional<String> lastKeyRead() {
        return Optional.ofNullable(lastKeyRead);
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

    /**
     * Reports every key whose expression cannot be resolved, naming the expressions: such a key is neither missing
     * (it is set) nor usable (a proxy that resolves to nothing must not become no proxy).
     */
    void reportUnresolved() {
        unresolved.forEach((key, rawValue) -> {
            Matcher expression = EXPRESSION.matcher(rawValue);
            StringJoiner expressions = new StringJoiner(", ");
            while (expression.find()) {
                expressions.add(SafeText.quote(expression.group()));
            }
            invalid(UNRESOLVABLE_VALUE, key, rawValue, "the configuration cannot resolve "
                    + (expressions.length() == 0 ? "this value" : expressions.toString())
                    + " (no such property or environment variable)", "define what it names, or give a literal value");
        });
    }

    /** A duration in {@code range}; {@code defaultValue} when not set or invalid (reported). */
    Duration duration(String key, Range.OfDuration range, Duration defaultValue) {
        return validDuration(key, range).orElse(defaultValue);
    }

    /** A duration in {@code range}; empty when not set or invalid (reported). */
    Optional<Duration> validDuration(String key, Range.OfDuration range) {
        Optional<Duration> parsed = parsed(key, Durations::parse, INVALID_DURATION, Durations.ALLOWED);
        if (parsed.isPresent() && !range.contains(parsed.get())) {
            outOfRange(key, range, "a duration from " + range.min() + " to " + range.max()
                    + (range.wholeSeconds() ? " in whole seconds, e.g. 20s" : ""));
            return Optional.empty();
        }
        return parsed;
    }

    /** A byte size in {@code range}; {@code defaultValue} when not set or invalid (reported). */
    long size(String key, Range.OfSize range, long defaultValue) {
        Optional<Long> parsed = parsed(key, Sizes::parse, INVALID_SIZE, Sizes.ALLOWED);
        if (parsed.isPresent() && !range.contains(parsed.get())) {
            outOfRange(key, range, Sizes.ALLOWED + ", from " + range.min() + " to " + range.max());
            return defaultValue;
        }
        return parsed.orElse(defaultValue);
    }

    private void outOfRange(String key, Range range, String allowed) {
        invalid(OUT_OF_RANGE, key, values.get(key), range.mustBe(), allowed);
    }

    /** A parser that says why it cannot parse a text in {@code reason[0]}, as {@link Durations} and {@link Sizes}. */
    private interface Parser<T> {
        Optional<T> parse(String text, String[] reason);
    }

    /** The parsed value; empty when not set or when it does not parse (then reported as {@code code}). */
    private <T> Optional<T> parsed(String key, Parser<T> parser, ConfigProblemCode code, String allowed) {
        String text = raw(key);
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

    /** A whole number in {@code range}; empty when not set or invalid (reported). */
    OptionalInt integer(String key, Range.OfCount range, String allowed) {
        String text = raw(key);
        if (text == null) {
            return OptionalInt.empty();
        }
        String value = text.trim();
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            invalid(INVALID_NUMBER, key, text, "not a whole number", allowed);
            return OptionalInt.empty();
        }
        String digits = value.replaceFirst("^[+-]?0*(?=\\d)", "");
        boolean negative = value.startsWith("-") && !digits.equals("0");
        // Beyond 18 digits no range can hold it, and 18 digits always fit a long: no overflow either way.
        if (negative || digits.length() > 18 || !range.contains(Long.parseLong(digits))) {
            outOfRange(key, range, allowed);
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Long.parseLong(digits)); // every count range lies within int
    }

    /** A decimal number in {@code range}, without exponent; {@code defaultValue} when not set or invalid. */
    double decimal(String key, double defaultValue, Range.OfDecimal range, String allowed) {
        String text = raw(key);
        if (text == null) {
            return defaultValue;
        }
        if (!DECIMAL.matcher(text.trim()).matches()) {
            invalid(INVALID_NUMBER, key, text, "not a decimal number", allowed);
            return defaultValue;
        }
        double value = Double.parseDouble(text.trim());
        if (!range.contains(value)) {
            outOfRange(key, range, allowed);
            return defaultValue;
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) {
        String text = raw(key);
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
        String text = raw(key);
        if (text == null) {
            return has(key) ? Optional.empty() : Optional.of(defaultValue);
        }
        T chosen = choices.get(text.trim().toLowerCase(Locale.ROOT));
        if (chosen == null) {
            invalid(ConfigProblemCode.UNKNOWN_VALUE, key, text, reason, allowed);
        }
        return Optional.ofNullable(chosen);
    }

    /** The path of an existing, readable file; empty when not set or not usable. */
    Optional<Path> existingFile(String key) {
        String text = raw(key);
        if (text == null) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(text.trim());
        } catch (InvalidPathException notAPath) {
            // e.g. a NUL character, which no file system allows
            invalid(FORBIDDEN_CHARACTER, key, text, "not a valid path (" + SafeText.quote(notAPath.getReason()) + ")",
                    "the path of an existing, readable file");
            return Optional.empty();
        }
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
        String username = raw(userKey);
        String password = raw(passwordKey);
        if (unresolved.containsKey(userKey) || unresolved.containsKey(passwordKey)
                || (username == null && password == null)) {
            return Optional.empty(); // an unresolvable one is reported on its own
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
