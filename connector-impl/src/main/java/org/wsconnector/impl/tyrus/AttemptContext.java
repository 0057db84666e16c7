package org.wsconnector.impl.tyrus;

import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one connect attempt — and, once open, its connection — owns, shared by the attempt's thread, the I/O
 * loop and whoever aborts it. Closing the channel is enough to end every step: a blocking read of the handshake,
 * or the registration with the loop.
 */
final class AttemptContext implements IoLoop.Handler {
    private final Dialer dialer;
    private final ScheduledExecutorService scheduler;
    private final Duration closeGrace;
    private final ChannelHolder channel = new ChannelHolder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private volatile Runnable onEnded = () -> { };
    private volatile Wire wire;
    /** The I/O loop's, once reading; used on its thread only. */
    private ReceiveBuffers receiveBuffers;
    private volatile Connection connection;
    private volatile Throwable failure;

    /**
     * @param scheduler  bounds the wait for the server to close TCP after the closing handshake
     * @param closeGrace how long that wait may be (the client's close-timeout)
     */
    AttemptContext(Dialer dialer, ScheduledExecutorService scheduler, Duration closeGrace) {
        this.dialer = dialer;
        this.scheduler = scheduler;
        this.closeGrace = closeGrace;
    }

    /** Runs once, when the connection has ended and its channel is closed. */
    void onEnded(Runnable callback) {
        this.onEnded = callback;
    }

    /**
     * Tyrus is done with the connection and asks for the socket to be closed — right after writing our close frame,
     * without waiting for the server's. RFC 6455 7.1.1 wants the server to close TCP first, and closing at once cut
     * the closing handshake short (a TLS server then often recorded 1006 instead of our code). So the channel stays
     * open, queued frames still go out, and the I/O loop reads until the server closes it; after close-timeout it is
     * aborted (the engine's own close timer does the same after an application close).
     */
    void closeRequested() {
        if (ended.get() || !closeRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(this::abort, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            abort(); // the scheduler is shutting down: no one would end the wait
        }
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
        receiveBuffers = loop.receiveBuffers();
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
            while ((received = wire.readAvailable(receiveBuffers)) != null) {
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
        onEnded.run();
    }
}
