package org.wsconnector.impl.config;

/**
 * Text from outside — a value or key from the configuration, or what a peer chose: a status line, a reason phrase,
 * a close reason, a header value — made safe to quote in an exception message or a log line: control characters
 * (CR and LF included, so no forged log lines; ESC and BEL, so no terminal tricks) become {@code \xNN} or a
 * backslash-u escape, as do the invisible bidirectional controls (U+202E and its kin, which make a log line read
 * differently from what it holds: "Trojan Source", CVE-2021-42574), and the text is cut to {@value #MAX_LENGTH}
 * characters. The one place that does this; the engine's {@code PeerText} delegates here, since the configuration
 * layer may not import the engine.
 */
public final class SafeText {
    public static final int MAX_LENGTH = 200;

    private SafeText() {
    }

    /** Escaped and cut to {@value #MAX_LENGTH} characters; empty for null. */
    public static String quote(String text) {
        if (text == null) {
            return "";
        }
        int shown = Math.min(text.length(), MAX_LENGTH);
        StringBuilder out = escaped(text, shown);
        if (text.length() > shown) {
            out.append("… (").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    /** Escaped but complete: for a message of our own that quotes already cut fragments, as a last guard. */
    public static String escape(String text) {
        return escaped(text, text.length()).toString();
    }

    private static StringBuilder escaped(String text, int shown) {
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else if ((c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029' || isBidiControl(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out;
    }

    /** ALM, LRM, RLM, the embeddings and overrides (LRE…RLO) and the isolates (LRI…PDI). */
    private static boolean isBidiControl(char c) {
        return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
