package org.wsconnector.impl.engine;

import org.wsconnector.impl.config.SafeText;

/**
 * Text a peer chose — a status line, a reason phrase, a close reason, a header value — made safe to quote in an
 * exception message or a log line: escaped and cut by {@link SafeText}, which the configuration's messages share.
 */
public final class PeerText {
    private PeerText() {
    }

    public static String quote(String text) {
        return SafeText.quote(text);
    }
}
