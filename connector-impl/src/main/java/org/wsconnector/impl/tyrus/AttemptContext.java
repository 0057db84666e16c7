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

    private final Dialer dialer;
    private final SocketHolder tcp = new SocketHolder();
    private volatile Socket stream;
    private volatile Connection connection;
    private volatile InputStream input;
    private volatile Throwable failure;
    private volatile int failedStatus;
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

    /**
     * Feeds everything the server sends to Tyrus until the socket ends, then tells Tyrus the connection is gone
     * (1006 when no close frame came first; Tyrus ignores it after a clean close).
     */
    void readLoop() {
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
        }
    }
}
