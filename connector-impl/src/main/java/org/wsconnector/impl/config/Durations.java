package org.wsconnector.impl.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations that carry their unit: {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h}, or ISO-8601
 * {@code PT20S}.
 */
public final class Durations {
    public static final String ALLOWED = "a duration with a unit, e.g. 500ms, 20s, 2m, 1h, or ISO-8601 such as PT20S";
    /**
     * What a duration too long for {@link Duration} becomes: longer than any range allows, so it is reported as out
     * of range — with the value as written — instead of overflowing.
     */
    static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
    private static final Duration MAX_MILLIS = Duration.ofMillis(Long.MAX_VALUE);
    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);
    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    /** 18 digits always fit a long. */
    private static final int MAX_DIGITS = 18;

    private Durations() {
    }

    /** The duration ({@link #TOO_LONG} when it does not fit), or empty with {@code reason[0]} saying why not. */
    static Optional<Duration> parse(String text, String[] reason) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (BARE_NUMBER.matcher(value).matches()) {
            reason[0] = "a bare number has no unit (is it seconds or milliseconds?)";
            return Optional.empty();
        }
        Matcher matcher = WITH_UNIT.matcher(value);
        if (matcher.matches()) {
            return Optional.of(withUnit(matcher.group(1), matcher.group(2)));
        }
        if (value.startsWith("p") || value.startsWith("-p") || value.startsWith("+p")) {
            try {
                return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException | ArithmeticException notIso) {
                reason[0] = "not a valid ISO-8601 duration, or too long";
                return Optional.empty();
            }
        }
        reason[0] = "not a duration";
        return Optional.empty();
    }

    private static Duration withUnit(String digits, String unit) {
        String significant = digits.replaceFirst("^0+(?=\\d)", "");
        if (significant.length() > MAX_DIGITS) {
            return TOO_LONG;
        }
        long amount = Long.parseLong(significant);
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (ArithmeticException tooLong) {
            return TOO_LONG;
        }
    }

    /**
     * The duration in milliseconds, at least 1 and at most {@link Long#MAX_VALUE}: what a timer of the engine can be
     * given whatever a directly built configuration holds (the reader keeps values in range; a {@code ClientConfig}
     * made in code is not read). {@link Duration#toMillis()} throws beyond 292 million years, and a period of 0 ms
     * is refused by every scheduler.
     */
    public static long timerMillis(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return 1;
        }
        return duration.compareTo(MAX_MILLIS) >= 0 ? Long.MAX_VALUE : Math.max(1, duration.toMillis());
    }

    /** The duration in nanoseconds, from 0 up to {@link Long#MAX_VALUE} instead of throwing beyond 292 years. */
    public static long saturatedNanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : duration.toNanos();
    }

    /**
     * Short human form for messages: 500ms, 20s, 2m, 1h; ISO-8601 for what has no such form (a fraction of a
     * millisecond, a negative duration). Never throws, whatever the duration.
     */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        int nanos = duration.getNano();
        if (duration.isNegative() || nanos % 1_000_000 != 0 || (nanos != 0 && seconds >= 1_000_000)) {
            return duration.toString();
        }
        if (nanos != 0 || seconds == 0) {
            return seconds * 1000 + nanos / 1_000_000 + "ms";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
