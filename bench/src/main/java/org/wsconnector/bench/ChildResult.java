package org.wsconnector.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one line a child JVM prints for {@link Bench}: {@code RESULT key=value key=value ...}. Values are numbers;
 * {@code NaN} marks a measurement that did not complete.
 */
final class ChildResult {
    static final String PREFIX = "RESULT ";

    private final Map<String, Double> values = new LinkedHashMap<>();

    ChildResult put(String key, double value) {
        values.put(key, value);
        return this;
    }

    /** Prints the line and flushes: the parent reads it from the child's standard output. */
    void print() {
        StringBuilder line = new StringBuilder(PREFIX);
        values.forEach((key, value) -> line.append(key).append('=')
                .append(String.format(Locale.ROOT, "%.4f", value)).append(' '));
        System.out.println(line.toString().trim());
        System.out.flush();
    }

    static Map<String, Double> parse(String line) {
        Map<String, Double> parsed = new LinkedHashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
            int equals = pair.indexOf('=');
            parsed.put(pair.substring(0, equals), Double.parseDouble(pair.substring(equals + 1)));
        }
        return parsed;
    }
}
