package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.transport.InboundFrameCheck;
import org.wsconnector.impl.transport.Wire;
import org.wsconnector.impl.transport.ReadInterest;
import org.wsconnector.impl.transport.ReceiveBuffers;
import org.wsconnector.impl.transport.ChannelHolder;
import org.wsconnector.impl.transport.IoLoop;
import org.wsconnector.impl.transport.Dialer;
import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.spi.Connection;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.MessageTooLargeException;
import org.wsconnector.WriteTimeoutException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.config.Durations;
import org.wsconnector.impl.engine.Attempt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * Everything one connect attempt — and, once open, its connection — owns, shared by the attempt's thread, the I/O
 * loop and whoever aborts it. Closing the channel is enough to end every step: a blocking read of the handshake,
 * or the registration with the loop.
 */
final class AttemptContext implements IoLoop.Handler {
    /**
     * Reads per readiness event before the loop serves the other connections: a peer that sends as fast as we read
     * must not keep the shared thread to itself. The selector reports the channel again at once if bytes remain.
     */
    private static final int READS_PER_TURN = 16;

    private final Dialer dialer;
    private final ScheduledExecutorService scheduler;
    private final ChannelHolder channel = new ChannelHolder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private volatile Attempt.Stage stage = Attempt.Stage.TCP_CONNECT;
    private volatile Runnable onEnded = () -> { };
    private volatile Runnable onReadHandled = () -> { };
    private volatile LongConsumer onPayloadReceived = bytes -> { };
    private volatile Runnable onClosing = () -> { };
    private volatile Wire wire;
    /** The I/O loop's, once reading; used on its thread only. */
    private ReceiveBuffers receiveBuffers;
    /** Once reading; on the loop's thread only. */
    private InboundFrameCheck inboundFrames;
    private volatile IoLoop loop;
    private volatile Connection connection;
    private volatile Throwable failure;
    /**
     * Why the connector itself ended or is failing the open connection (write timeout, message too large, a failure
     * while handling it), reported to the engine as the cause. Once set, received bytes are dropped unread by Tyrus:
     * after failing a connection nothing more from the peer is processed (RFC 6455 7.1.7).
     */
    private volatile Throwable endFailure;

    /** @param scheduler runs the write-timeout watch */
    AttemptContext(Dialer dialer, ScheduledExecutorService scheduler) {
        this.dialer = dialer;
        this.scheduler = scheduler;
    }

    /** The step the attempt is in: the dialer's, then the upgrade's. */
    Attempt.Stage stage() {
        return stage;
    }

    void entering(Attempt.Stage next) {
        this.stage = next;
    }

    /** Runs once, when the connection has ended and its channel is closed. */
    void onEnded(Runnable callback) {
        this.onEnded = callback;
    }

    /** Runs on the I/O thread after each read has been handed to Tyrus. */
    void onReadHandled(Runnable callback) {
        this.onReadHandled = callback;
    }

    /** Told on the I/O thread, after each read, the payload bytes of the data frames it held (when any). */
    void onPayloadReceived(LongConsumer callback) {
        this.onPayloadReceived = callback;
    }

    /** Runs once, when the closing handshake begins; whoever it tells bounds the wait for its end. */
    void onClosing(Runnable callback) {
        this.onClosing = callback;
    }

    /**
     * Tyrus is done with the connection and asks for the socket to be closed — right after writing our close frame,
     * without waiting for the server's. RFC 6455 7.1.1 wants the server to close TCP first, and closing at once cut
     * the closing handshake short (a TLS server then often recorded 1006 instead of our code). So the channel stays
     * open, queued frames still go out, and the I/O loop reads until the server closes it. The engine bounds that
     * wait by close-timeout ({@code onClosing}) and aborts the link when it runs out; nothing here times it.
     */
    void closeRequested() {
        if (ended.get() || !closeRequested.compareAndSet(false, true)) {
            return;
        }
        try {
            onClosing.run();
        } catch (RuntimeException rejected) {
            abort(); // the engine's scheduler is shutting down: no one would end the wait
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
        dialedWire.writes().onBacklog(() -> checkWriteProgressIn(Durations.saturatedNanos(config().writeTimeout())));
    }

    private ClientConfig config() {
        return dialer.config();
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

    /** Why the connector itself ended the open connection, or null when the peer or the network did. */
    Throwable endFailure() {
        return endFailure;
    }

    /** Hands the open connection to the I/O loop; from now on no thread of this attempt is needed. */
    void startReading(IoLoop ioLoop) throws IOException {
        receiveBuffers = ioLoop.receiveBuffers();
        inboundFrames = new InboundFrameCheck(config().maxMessageSize());
        wire.channel().configureBlocking(false);
        loop = ioLoop;
        ioLoop.register(wire.channel(), this, this::registered);
    }

    private void registered(SelectionKey key) {
        wire.registered(key);
        writable(); // a send may have queued bytes between the switch to non-blocking and now
    }

    /** See {@link ReadInterest#pause()}. Before registration too: the connection then starts paused. */
    void pauseReading() {
        Wire current = wire;
        if (current != null) {
            current.readInterest().pause();
        }
    }

    /** See {@link ReadInterest#resume()}; then the loop reads once, for bytes that arrived with the upgrade reply. */
    void resumeReading() {
        Wire current = wire;
        if (current == null) {
            return;
        }
        current.readInterest().resume();
        IoLoop reading = loop;
        if (reading != null) { // else the registration reads first, and sees the flag
            reading.execute(this::readable);
        }
    }

    @Override
    public void readable() {
        try {
            for (int reads = 0; reads < READS_PER_TURN && !wire.readInterest().paused(); reads++) {
                ByteBuffer received = wire.readAvailable(receiveBuffers);
                if (received == null) {
                    end("connection closed by the peer without a close frame");
                    return;
                }
                if (!received.hasRemaining()) {
                    return; // nothing more for now
                }
                if (endFailure == null) {
                    deliver(received);
                }
            }
        } catch (IOException e) {
            end("connection failed: " + e.getMessage());
        } catch (Throwable unexpected) {
            handlingFailed(unexpected);
        }
    }

    /**
     * Hands received bytes to Tyrus ({@link #handToTyrus}), then tells the engine the read is handled, whatever
     * happened: what it reported must not wait for the next read.
     */
    private void deliver(ByteBuffer received) {
        try {
            handToTyrus(received);
        } finally {
            long payload = inboundFrames.takeDataPayloadBytes();
            if (payload > 0) {
                onPayloadReceived.accept(payload);
            }
            onReadHandled.run();
        }
    }

    /** Hands received bytes to Tyrus, those before a refused frame only; that one fails the connection. */
    private void handToTyrus(ByteBuffer received) {
        int refused = inboundFrames.firstRefusedFrame(received);
        if (refused < 0) {
            connection.getReadHandler().handle(received);
            return;
        }
        if (refused > received.position()) {
            connection.getReadHandler().handle(received.limit(refused));
        }
        String client = config().name();
        InboundFrameCheck.Refusal refusal = inboundFrames.refusal();
        if (refusal != InboundFrameCheck.Refusal.TOO_BIG) {
            fail(new CloseReason(CloseReason.CloseCodes.PROTOCOL_ERROR, refusal == InboundFrameCheck.Refusal.MASKED
                    ? "masked frame from the server" : "invalid frame length from the server"),
                    new ConnectionLostException(client, inboundFrames.describeRefusal(), null));
            return;
        }
        fail(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "message larger than " + config().maxMessageSize()
                + " bytes"), new MessageTooLargeException(client, inboundFrames.describeRefusal(), null));
    }

    @Override
    public void writable() {
        try {
            wire.writes().flush();
        } catch (IOException | RuntimeException e) {
            end("connection failed while sending: " + e.getMessage());
        }
    }

    @Override
    public void closed(String reason) {
        end(reason);
    }

    /**
     * Handling this connection threw (Tyrus, the engine's callbacks, or an {@link Error} such as OutOfMemoryError):
     * it ends with 1011 and the failure as its cause; the I/O loop and the other connections go on.
     */
    @Override
    public void handlingFailed(Throwable cause) {
        fail(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "unexpected condition in the client"),
                cause);
    }

    /**
     * Fails the open connection (RFC 6455 7.1.7): sends a close frame with {@code reason} through Tyrus, which reports
     * it as the close reason, then processes nothing more the peer sends; the TCP connection ends when the peer closes
     * it or close-timeout runs out. {@code cause} is what the engine reports. Idempotent; any thread.
     */
    private void fail(CloseReason reason, Throwable cause) {
        synchronized (this) {
            if (endFailure != null || ended.get()) {
                return;
            }
            endFailure = cause;
        }
        Connection open = connection;
        if (open == null) {
            end(reason.getReasonPhrase());
            return;
        }
        try {
            open.close(reason); // Tyrus writes the close frame and calls closeRequested(), which bounds the wait
        } catch (Throwable closeFailed) {
            cause.addSuppressed(closeFailed);
            end(reason.getReasonPhrase()); // the heap may still be short: drop it without a closing handshake
        }
    }

    /** Checks, after {@code delayNanos}, that queued bytes have been moving within write-timeout. */
    private void checkWriteProgressIn(long delayNanos) {
        try {
            scheduler.schedule(this::checkWriteProgress, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the connector is closing and aborts every connection anyway
        }
    }

    /**
     * One timer per backlog, not one per connection: armed when queued bytes start waiting for the socket, it ends
     * when they are gone, waits again while they still move, and aborts the connection once they have not moved for
     * write-timeout — a peer that stopped reading would otherwise hold our sends and its buffers forever.
     */
    private void checkWriteProgress() {
        if (ended.get()) {
            return;
        }
        long timeout = Durations.saturatedNanos(config().writeTimeout());
        long stalled = wire.writes().stalledNanos(System.nanoTime());
        if (stalled < 0) {
            return; // drained: the next backlog arms a new check
        }
        if (stalled < timeout) {
            checkWriteProgressIn(timeout - stalled);
            return;
        }
        WriteTimeoutException timedOut = new WriteTimeoutException(config().name(), wire.writes().pendingBytes()
                + " bytes queued for sending made no progress for " + Durations.format(config().writeTimeout())
                + " (write-timeout): the server or the network path stopped reading; the connection was aborted");
        synchronized (this) {
            if (endFailure == null) {
                endFailure = timedOut;
            }
        }
        end("write timeout");
    }

    boolean isAborted() {
        return channel.isClosed();
    }

    /** Whether the server's close frame, if one came, had no status code (Tyrus reports it as 1000). */
    boolean serverClosedWithoutCode() {
        return inboundFrames.closeWithoutCode();
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
            current.writes().failPending(new IOException(reason));
        }
        Connection open = connection;
        if (open != null) {
            open.close(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, reason));
        }
        onEnded.run();
    }
}
