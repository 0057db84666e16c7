package org.wsconnector.impl.tyrus;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one connect attempt — and, once open, its connection — owns, shared by the attempt's thread, the I/O
 * loop and whoever aborts it. Closing the channel is enough to end every step: a blocking read of the handshake,
 * or the registration with the loop.
 */
final class AttemptContext implements IoLoop.Handler {
    private final Dialer dialer;
    private final ChannelHolder channel = new ChannelHolder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Wire wire;
    private volatile Connection connection;
    private volatile Throwable failure;

    AttemptContext(Dialer dialer) {
        this.dialer = dialer;
    }

    Dialer dialer() {
        return dialer;
    }

    ChannelHolder channel() {
        return channel;
    }

    void dialed(Wire dialedWire) {
        this.wire = dialedWire;
    }

    Wire wire() {
        return wire;
    }

    void opened(Connection openConnection) {
        this.connection = openConnection;
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

    /** Hands the open connection to the I/O loop; from now on no thread of this attempt is needed. */
    void startReading(IoLoop loop) throws IOException {
        wire.channel().configureBlocking(false);
        loop.register(wire.channel(), this, this::registered);
    }

    private void registered(SelectionKey key) {
        wire.registered(key);
        writable(); // a send may have queued bytes between the switch to non-blocking and now
    }

    @Override
    public void readable() {
        try {
            ByteBuffer received;
            while ((received = wire.readAvailable()) != null) {
                if (!received.hasRemaining()) {
                    return; // nothing more for now
                }
                connection.getReadHandler().handle(received);
            }
            end("connection closed by the peer without a close frame");
        } catch (IOException | RuntimeException e) {
            end("connection failed: " + e.getMessage());
        }
    }

    @Override
    public void writable() {
        try {
            wire.flush();
        } catch (IOException | RuntimeException e) {
            end("connection failed while sending: " + e.getMessage());
        }
    }

    @Override
    public void closed(String reason) {
        end(reason);
    }

    boolean isAborted() {
        return channel.isClosed();
    }

    /** Drops the connection at once (no closing handshake). Idempotent; safe from any thread. */
    void abort() {
        end("connection aborted");
    }

    /**
     * Closes the channel, fails queued sends, and tells Tyrus the connection is gone (1006; Tyrus ignores it after a
     * clean close, whose code the engine has already seen).
     */
    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        channel.close();
        Wire current = wire;
        if (current != null) {
            current.failPending(new IOException(reason));
        }
        Connection open = connection;
        if (open != null) {
            open.close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, reason));
        }
    }
}
