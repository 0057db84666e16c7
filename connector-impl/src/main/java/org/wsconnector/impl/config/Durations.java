package org.wsconnector.impl.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations that carry their unit: {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}, or ISO-8601 {@code PT20S}. */
public final class Durations {
    public static final String ALLOWED = "a duration with a unit, e.g. 500ms, 20s, 2m, 1h, or ISO-8601 such as PT20S";
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    private Durations() {
    }

    /** The duration, or empty with {@code reason[0]} saying why not. */
    static Optional<Duration> parse(String text, String[] reason) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (BARE_NUMBER.matcher(value).matches()) {
            reason[0] = "a bare number has no unit (is it seconds or milliseconds?)";
            return Optional.empty();
        }
        Matcher matcher = WITH_UNIT.matcher(value);
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException tooLarge) {
                reason[0] = "the number is too large";
                return Optional.empty();
            }
            return Optional.of(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
        }
        if (value.startsWith("pt") || value.startsWith("p")) {
            try {
                return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException notIso) {
                reason[0] = "not a valid ISO-8601 duration";
                return Optional.empty();
            }
        }
        reason[0] = "not a duration";
        return Optional.empty();
    }

    /** Short human form for messages: 500ms, 20s, 2m. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis >= 60_000) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0 && millis >= 1000) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
