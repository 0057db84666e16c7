package org.wsconnector.impl.transport;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;

/**
 * Back-pressure on one connection: the read half of its selection key's interest set, paused while the
 * application's callbacks are behind so that the peer's TCP window fills instead of our heap. Writes go on.
 */
public final class ReadInterest {
    /** Pause and resume may race from any threads; the interest set must end up matching the last one. */
    private final Object lock = new Object();
    private volatile boolean paused;
    private SelectionKey key;

    /** Remembers the selection key; a connection paused before it was registered stops reading now. */
    void registered(SelectionKey selectionKey) {
        synchronized (lock) {
            this.key = selectionKey;
            apply();
        }
    }

    /** Stops selecting the channel for reads. Any thread; idempotent. A read already under way still hands over. */
    public void pause() {
        synchronized (lock) {
            paused = true;
            apply();
        }
    }

    /**
     * Selects the channel for reads again. Any thread; idempotent. The caller must make the loop read once: bytes
     * may already be waiting where the selector does not see them (left from the upgrade reply).
     */
    public void resume() {
        synchronized (lock) {
            paused = false;
            apply();
        }
    }

    public boolean paused() {
        return paused;
    }

    /** Under the lock. */
    private void apply() {
        SelectionKey current = key;
        if (current == null || !current.isValid()) {
            return; // registration applies the flag; a dead key reads nothing anyway
        }
        try {
            if (paused) {
                current.interestOpsAnd(~SelectionKey.OP_READ);
            } else {
                current.interestOpsOr(SelectionKey.OP_READ);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // the connection is ending: nothing left to read
        }
    }
}
