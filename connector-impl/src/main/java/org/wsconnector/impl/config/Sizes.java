package org.wsconnector.impl.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes: a whole number of bytes, or with a binary unit, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}. */
final class Sizes {
    static final String ALLOWED = "bytes as a whole number, or with a unit KiB, MiB or GiB, e.g. 65536, 64KiB, 16MiB";
    /** What a size beyond a long becomes: larger than any range allows, so it is reported as out of range. */
    static final long TOO_LARGE = Long.MAX_VALUE;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?");
    private static final int MAX_DIGITS = 18;

    private Sizes() {
    }

    /** The size in bytes ({@link #TOO_LARGE} when beyond a long), or empty with {@code reason[0]} saying why not. */
    static Optional<Long> parse(String text, String[] reason) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            reason[0] = "not a size";
            return Optional.empty();
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        int shift = switch (unit) {
            case "b" -> 0;
            case "kib" -> 10;
            case "mib" -> 20;
            case "gib" -> 30;
            default -> -1; // KB, MB, k…: decimal or binary? Refuse to guess.
        };
        if (shift < 0) {
            reason[0] = "'" + matcher.group(2) + "' is ambiguous (1000 or 1024?)";
            return Optional.empty();
        }
        String digits = matcher.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > MAX_DIGITS) {
            return Optional.of(TOO_LARGE);
        }
        long amount = Long.parseLong(digits);
        // A plain shift would wrap around: 17179869185GiB would become 1GiB.
        return Optional.of(amount > (Long.MAX_VALUE >> shift) ? TOO_LARGE : amount << shift);
    }

    /** The largest binary unit that divides {@code bytes}: 1KiB, 16MiB, 65537. */
    static String format(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (30 - 10 * i);
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
