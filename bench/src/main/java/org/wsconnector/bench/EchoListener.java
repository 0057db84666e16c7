package org.wsconnector.bench;

import java.nio.ByteBuffer;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Server side of one echo session: sends every text and binary message back on the same session. Sends are
 * asynchronous so that a Jetty thread never waits on a slow reader. Pings are not handled here on purpose: a listener
 * that does not override {@code onWebSocketPing} gets Jetty's automatic PONG. Public because Jetty binds the
 * listener methods through method handles, which refuse non-public classes.
 */
public final class EchoListener implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
        session.sendText(text, Callback.NOOP);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        // The payload belongs to Jetty until the callback completes: handing the callback to the send keeps the
        // buffer alive until it is written, and defers the next read (auto-demand) until then, which bounds the queue.
        session.sendBinary(payload, callback);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // A client that aborts or closes mid-echo is part of every benchmark run, not a server problem: without this
        // Jetty logs a warning per such session, thousands after an idle-connection run.
    }
}
