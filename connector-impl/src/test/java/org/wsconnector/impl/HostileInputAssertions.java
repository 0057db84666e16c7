package org.wsconnector.impl;

import org.wsconnector.WebSocketConnectorException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile peer's input may cause, checked: text it influenced — an exception message, a log line — reaches an
 * operator escaped and cut (no control character: a forged log line, a terminal escape; no peer text of kilobytes),
 * and a failure it caused is the connector's own exception, not a bug of the client passing for the peer's fault.
 */
public final class HostileInputAssertions {
    /** Our own words around a quoted peer text of at most 200 characters stay well below this. */
    static final int MAX_MESSAGE_LENGTH = 800;

    private HostileInputAssertions() {
    }

    /** Checks the message of {@code failure} and of every cause. */
    public static void assertMessagesAreSafe(Throwable failure, String context) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            assertSafe(current.getMessage(), context + ", " + current.getClass().getSimpleName());
            if (current.getCause() == current) {
                break;
            }
        }
    }

    public static void assertSafe(String text, String context) {
        if (text == null) {
            return;
        }
        assertThat(text.length()).as("length of '%s' (%s)", text.substring(0, Math.min(text.length(), 300)), context)
                .isLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\u2028' || c == '\u2029'
                    || Character.getDirectionality(c) >= Character.DIRECTIONALITY_LEFT_TO_RIGHT_EMBEDDING
                    || c == '\u200E' || c == '\u200F' || c == '\u061C';
            assertThat(control).as("control character 0x%02X at %d of '%s' (%s)", (int) c, i,
                    text.replaceAll("\\p{Cntrl}", "?"), context).isFalse();
        }
    }

    /** No cause of {@code failure} is an {@link Error} or an unchecked exception other than the connector's own. */
    public static void assertNoProgrammingErrorIn(Throwable failure, String context) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            boolean ours = cause instanceof WebSocketConnectorException;
            assertThat(!ours && (cause instanceof RuntimeException || cause instanceof Error))
                    .as("cause %s of the failure of %s", cause, context).isFalse();
            if (cause.getCause() == cause) {
                break;
            }
        }
    }
}
