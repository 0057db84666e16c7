package org.wsconnector.impl.json;

import org.wsconnector.impl.config.SafeText;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WARNING line of a client's undecodable messages, at most one a minute: a peer that sends a stream of messages
 * no observed type takes (a new event type after an upgrade of the server) must not flood the log. The first message
 * of a minute is logged in full; the ones after it in that minute are counted, and the count goes into the next
 * line. Each message still reaches the application as an {@code UndecodableMessage}: only the log is thinned.
 */
final class UndecodableLog {
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(DecodingListener.class.getName());

    private final LongSupplier nanoClock;
    private boolean logged;
    private long windowStart;
    private long notLogged;

    /** @param nanoClock {@code System::nanoTime}, or a test's virtual clock */
    UndecodableLog(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    synchronized void report(String client, int length, String reason) {
        long now = nanoClock.getAsLong();
        if (logged && now - windowStart < WINDOW.toNanos()) {
            notLogged++;
            return;
        }
        String skipped = notLogged == 0 ? "" : " (" + notLogged + " more undecodable messages since the last such"
                + " line were not logged)";
        LOG.log(Level.WARNING, "ws-connector client ''{0}'': a text message of {1} characters matches none of the"
                + " observed types: {2}{3}", new Object[] {SafeText.escape(client), length, SafeText.quote(reason),
                skipped});
        logged = true;
        windowStart = now;
        notLogged = 0;
    }
}
