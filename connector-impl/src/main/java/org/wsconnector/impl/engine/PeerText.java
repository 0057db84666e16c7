package org.wsconnector.impl.engine;

/**
 * Text a peer chose — a status line, a reason phrase, a close reason, a header value — made safe to quote in an
 * exception message or a log line: control characters (CR and LF included, so no forged log lines; ESC and BEL, so
 * no terminal tricks) become {@code \xNN} or a backslash-u escape, and the text is cut to {@value #MAX_LENGTH}
 * characters.
 */
public final class PeerText {
    static final int MAX_LENGTH = 200;

    private PeerText() {
    }

    public static String quote(String text) {
        if (text == null) {
            return "";
        }
        int shown = Math.min(text.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else if ((c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("… (").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }
}
