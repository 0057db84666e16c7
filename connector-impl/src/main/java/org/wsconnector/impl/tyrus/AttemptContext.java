package org.wsconnector.impl.tyrus;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Everything one connect attempt owns, shared between the thread that runs it and whoever aborts it. After the
 * upgrade the same thread stays on as the connection's reader ({@link #readLoop()}), so a connection costs exactly
 * one thread and closing the socket is enough to end everything it holds.
 */
final class AttemptContext {
    private static final int READ_BUFFER_BYTES = 16 * 1024;
    /** How long to wait, once the closing handshake is over, for the server to close TCP first. */
    private static final int CLOSE_GRACE_MILLIS = 2_000;

    private final Dialer dialer;
    private final SocketHolder tcp = new SocketHolder();
    private volatile Socket stream;
    private volatile Connection connection;
    private volatile InputStream input;
    private volatile Throwable failure;
    private volatile int failedStatus;
    private volatile Thread reader;
    private volatile Runnable onEnded = () -> { };
    private volatile String failedStatusLine;

    AttemptContext(Dialer dialer) {
        this.dialer = dialer;
    }

    Dialer dialer() {
        return dialer;
    }

    SocketHolder tcp() {
        return tcp;
    }

    void setStream(Socket socket) {
        this.stream = socket;
    }

    void opened(Connection openConnection, InputStream in) {
        this.connection = openConnection;
        this.input = in;
    }

    /** The first failure the container saw; more precise than what Tyrus wraps it in. */
    void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
    }

    Throwable failure() {
        return failure;
    }

    void failedStatus(int status, String statusLine) {
        this.failedStatus = status;
        this.failedStatusLine = statusLine;
    }

    int failedStatus() {
        return failedStatus;
    }

    String failedStatusLine() {
        return failedStatusLine;
    }

    boolean isAborted() {
        return tcp.isClosed();
    }

    /** Closes the socket (and the TLS layer on it); every blocking step of the attempt or the reader ends. Idempotent. */
    void abort() {
        Socket tls = stream;
        if (tls != null && tls != tcp.get()) {
            try {
                tls.close();
            } catch (IOException ignored) {
                // the plain socket below is closed next anyway
            }
        }
        tcp.close();
    }

    /** Runs once, on the reader thread, when the connection has ended and its socket is closed. */
    void onEnded(Runnable callback) {
        this.onEnded = callback;
    }

    /**
     * Tyrus is done with the connection and asks for the socket to be closed. It asks right after writing our close
     * frame, without waiting for the server's: closing then cut the closing handshake short, and a Tyrus server
     * behind TLS often reported 1006 instead of our close code (found by ShutdownTest). RFC 6455 7.1.1 wants the
     * server to close TCP first, so the socket stays open and the reader runs until the server closes it: after our
     * close, bounded by the engine's close-timeout (it aborts the link); after the server's close (Tyrus answers it
     * on the reader thread), bounded here by a short grace period.
     */
    void closeRequested() {
        Socket current = stream;
        if (Thread.currentThread() != reader || current == null || isAborted()) {
            return;
        }
        try {
            current.setSoTimeout(CLOSE_GRACE_MILLIS); // applies to the reader's next read
        } catch (IOException e) {
            abort();
        }
    }

    /**
     * Feeds everything the server sends to Tyrus until the socket ends, then tells Tyrus the connection is gone
     * (1006 when no close frame came first; Tyrus ignores it after a clean close).
     */
    void readLoop() {
        reader = Thread.currentThread();
        Connection open = connection;
        String ending = "connection closed by the peer without a close frame";
        try {
            byte[] buffer = new byte[READ_BUFFER_BYTES];
            int read;
            while ((read = input.read(buffer)) >= 0) {
                if (read > 0) {
                    // Tyrus may keep a reference to a partial frame: hand it its own copy.
                    open.getReadHandler().handle(ByteBuffer.wrap(Arrays.copyOf(buffer, read)));
                }
            }
        } catch (IOException | RuntimeException e) {
            ending = isAborted() ? "connection aborted" : "connection failed: " + e.getMessage();
        } finally {
            abort();
            open.close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, ending));
            onEnded.run();
        }
    }
}
