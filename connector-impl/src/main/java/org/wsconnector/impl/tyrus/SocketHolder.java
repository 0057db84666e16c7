package org.wsconnector.impl.tyrus;

import java.io.IOException;
import java.net.Socket;

/** The plain TCP socket of one attempt, closable from any thread at any stage; closing it aborts the attempt. */
final class SocketHolder {
    private Socket socket;
    private boolean closed;

    synchronized void set(Socket created) throws IOException {
        if (closed) {
            created.close();
            throw new java.net.SocketException("attempt aborted");
        }
        socket = created;
    }

    synchronized Socket get() {
        return socket;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Idempotent. */
    void close() {
        Socket toClose;
        synchronized (this) {
            closed = true;
            toClose = socket;
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
