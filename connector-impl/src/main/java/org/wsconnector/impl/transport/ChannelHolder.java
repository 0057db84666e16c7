package org.wsconnector.impl.transport;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

/** The channel of one attempt, closable from any thread at any stage; closing it aborts whatever blocks on it. */
public final class ChannelHolder {
    private SocketChannel channel;
    private boolean closed;

    synchronized void set(SocketChannel created) throws IOException {
        if (closed) {
            created.close();
            throw new SocketException("attempt aborted");
        }
        channel = created;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Idempotent. */
    public void close() {
        SocketChannel toClose;
        synchronized (this) {
            closed = true;
            toClose = channel;
        }
        if (toClose != null) {
            try {
                toClose.close();
            } catch (IOException ignored) {
                // closing to abort: nothing more to do
            }
        }
    }
}
