package org.wsconnector.impl.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses byte sizes: a whole number of bytes, or with a binary unit, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}. */
final class Sizes {
    static final String ALLOWED = "bytes as a whole number, or with a unit KiB, MiB or GiB, e.g. 65536, 64KiB, 16MiB";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|kb|mb|gb|k|m|g)?");

    private Sizes() {
    }

    /** The size in bytes, or empty with {@code reason[0]} saying why not. */
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
        if (matcher.group(1).length() > 12) {
            reason[0] = "the number is too large";
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(matcher.group(1)) << shift);
    }
}
