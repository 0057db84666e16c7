package org.wsconnector.impl.engine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What an application may put in a close frame (RFC 6455 7.4, and the IANA "WebSocket Close Code Number Registry"):
 * checked before the close does anything, so that a wrong code is the application's {@link IllegalArgumentException}
 * naming the rule, not a close frame the peer answers with 1002.
 */
final class CloseFrameRules {
    /** A close frame's payload is at most 125 bytes (RFC 6455 5.5), two of them the code. */
    static final int MAX_REASON_BYTES = 123;

    private CloseFrameRules() {
    }

    /**
     * @throws IllegalArgumentException when the code may not be sent or the reason does not fit
     */
    static void check(int code, String reason) {
        String broken = codeRule(code);
        if (broken != null) {
            throw new IllegalArgumentException("close code " + code + " " + broken);
        }
        int bytes = utf8Length(reason == null ? "" : reason);
        if (bytes > MAX_REASON_BYTES) {
            throw new IllegalArgumentException("close reason is " + bytes + " bytes in UTF-8; at most "
                    + MAX_REASON_BYTES + " fit in a close frame (RFC 6455 5.5: 125 bytes with the 2-byte code)");
        }
    }

    /** The rule {@code code} breaks, as the end of a sentence; null when it may be sent. */
    private static String codeRule(int code) {
        if (code < 1000) {
            return "is not used: codes below 1000 are not defined (RFC 6455 7.4.2)";
        }
        if (code == 1004) {
            return "is reserved (RFC 6455 7.4.1)";
        }
        if (code == 1005 || code == 1006 || code == 1015) {
            return "must not be sent in a close frame: it only reports, on the receiving side, that no code was "
                    + "received (1005), that the connection ended without a close frame (1006) or a TLS failure "
                    + "(1015) (RFC 6455 7.4.1)";
        }
        if (code >= 1016 && code <= 2999) {
            return "is reserved for the WebSocket protocol and its extensions and not assigned (RFC 6455 7.4.2, "
                    + "IANA registry): use 3000-4999 for a code of your own";
        }
        if (code > 4999) {
            return "is outside the ranges RFC 6455 7.4.2 defines: use 1000-1003, 1007-1014 or 3000-4999";
        }
        return null;
    }

    /** Strict like a close frame needs: a reason with an unpaired surrogate has no UTF-8 form. */
    private static int utf8Length(String reason) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(reason));
            return encoded.remaining();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("close reason is not well-formed UTF-16 (an unpaired surrogate): it "
                    + "has no UTF-8 form for the close frame", e);
        }
    }
}
