package org.wsconnector.impl.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The outbound bytes of one connection: frames are encoded and queued under one lock, written as far as the socket
 * takes them, and the rest waits for the selector's OP_WRITE; a sender never blocks once the connection is open. The
 * queue is bounded, refuses data frames after a close frame, and tells the write-timeout watch how long queued bytes
 * have made no progress.
 */
public final class WriteQueue {
    /** A peer that stops reading must not make us buffer without limit: sends fail beyond this. */
    static final int MAX_PENDING_WRITE_BYTES = 16 * 1024 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final Codec codec;
    /** Encoding happens under it too: TLS records must hit the wire in the order they were wrapped. */
    private final Object lock = new Object();
    private final Deque<PendingWrite> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Set under the lock once Tyrus has queued a close frame: application data frames must not follow. */
    private boolean closeFrameWritten;
    /** Told, under the lock, when queued bytes start waiting for the socket (the write-timeout watch). */
    private Runnable backlogStarted = () -> { };
    /** Under the lock: a watch is armed; only then does a flush note the time of its progress. */
    private boolean backlogWatched;
    private long lastWriteProgressNanos;
    /** Null in the blocking phase: writes then go straight to the socket. */
    private volatile SelectionKey key;

    private record PendingWrite(ByteBuffer bytes, WriteCompletion handler) {
    }

    WriteQueue(SocketChannel channel, Codec codec) {
        this.channel = channel;
        this.codec = codec;
    }

    void registered(SelectionKey selectionKey) {
        this.key = selectionKey;
    }

    /** Writes everything (encoded) before returning. Only before the channel turns non-blocking. */
    void writeBlocking(ByteBuffer data) throws IOException {
        synchronized (lock) {
            do {
                ByteBuffer out = codec.encode(data);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } while (data.hasRemaining());
        }
    }

    /**
     * Queues a frame Tyrus built and writes as much as the socket takes now; the rest goes when the selector says
     * writable. Once Tyrus has written a close frame, no data frame may follow it (RFC 6455 5.5.1).
     */
    public void write(ByteBuffer frame, WriteCompletion handler) {
        queue(frame, handler, false);
    }

    /**
     * Queues a data frame the connector built itself ({@link DataFrames}); the queue takes the buffer over, so a plain
     * connection sends it without a copy. Refused once a close frame has been written.
     */
    public void writeDataFrame(ByteBuffer frame, WriteCompletion handler) {
        queue(frame, handler, true);
    }

    private void queue(ByteBuffer frame, WriteCompletion handler, boolean ownDataFrame) {
        try {
            synchronized (lock) {
                if (ownDataFrame && closeFrameWritten) {
                    throw new IOException("the connection is closing: the close frame has been sent");
                }
                if (!ownDataFrame && isCloseFrame(frame)) {
                    closeFrameWritten = true;
                }
                ByteBuffer encoded = ownDataFrame ? codec.encodeOwned(frame) : codec.encodeAll(frame);
                if (encoded.remaining() > MAX_PENDING_WRITE_BYTES) {
                    // Not the peer's fault: this frame alone is over the bound and could never be queued.
                    throw new IOException("a frame of " + encoded.remaining() + " bytes is larger than the "
                            + MAX_PENDING_WRITE_BYTES + " bytes the outbound queue holds");
                }
                if (pendingBytes + encoded.remaining() > MAX_PENDING_WRITE_BYTES) {
                    throw new IOException("the peer is not reading: more than " + MAX_PENDING_WRITE_BYTES
                            + " bytes are waiting to be sent");
                }
                pending.add(new PendingWrite(encoded, handler));
                pendingBytes += encoded.remaining();
                flush();
            }
        } catch (IOException | RuntimeException e) {
            if (handler != null) {
                handler.failed(e);
            }
        }
    }

    /** Tyrus writes one whole frame per call; opcode 0x8 is a close frame. */
    private static boolean isCloseFrame(ByteBuffer frame) {
        return frame.hasRemaining() && (frame.get(frame.position()) & 0x0F) == 0x8;
    }

    /** Sends what the TLS engine wants to say on its own: at once in the blocking phase, else queued in order. */
    void sendHandshakeReply() throws IOException {
        synchronized (lock) {
            ByteBuffer out = codec.encode(EMPTY);
            if (key == null) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } else {
                pending.add(new PendingWrite(out, null));
                pendingBytes += out.remaining();
                flush();
            }
        }
    }

    /** Writes queued bytes until the socket is full; called by senders and by the I/O loop when writable. */
    public void flush() throws IOException {
        synchronized (lock) {
            SelectionKey current = key;
            while (!pending.isEmpty()) {
                PendingWrite head = pending.peek();
                int written = channel.write(head.bytes());
                pendingBytes -= written;
                if (written > 0 && backlogWatched) {
                    lastWriteProgressNanos = System.nanoTime();
                }
                if (head.bytes().hasRemaining()) {
                    waitUntilWritable(current);
                    return;
                }
                pending.poll();
                if (head.handler() != null) {
                    head.handler().written();
                }
            }
            if (current != null && current.isValid() && (current.interestOps() & SelectionKey.OP_WRITE) != 0) {
                current.interestOpsAnd(~SelectionKey.OP_WRITE); // the read half is ReadInterest's: leave it as is
            }
        }
    }

    /** Under the lock: the socket took less than we had; arm the write-timeout watch and wait for OP_WRITE. */
    private void waitUntilWritable(SelectionKey current) {
        if (!backlogWatched) {
            backlogWatched = true;
            lastWriteProgressNanos = System.nanoTime();
            backlogStarted.run();
        }
        if (current != null && current.isValid()
                && (current.interestOpsOr(SelectionKey.OP_WRITE) & SelectionKey.OP_WRITE) == 0) {
            current.selector().wakeup(); // the selector applies a new interest set only when it wakes
        }
    }

    /**
     * Runs {@code started} (under the lock, so it must be quick) each time queued bytes start waiting for the socket;
     * the callee checks {@link #stalledNanos} later. Set once, before the connection is open.
     */
    public void onBacklog(Runnable started) {
        synchronized (lock) {
            this.backlogStarted = started;
        }
    }

    /**
     * For the write-timeout watch: how long queued bytes have made no progress as of {@code nowNanos}, or -1 when
     * nothing is queued any more (the watch is then disarmed until the next backlog).
     */
    public long stalledNanos(long nowNanos) {
        synchronized (lock) {
            if (pending.isEmpty()) {
                backlogWatched = false;
                return -1;
            }
            return nowNanos - lastWriteProgressNanos;
        }
    }

    /** Bytes queued and not yet taken by the socket. */
    public long pendingBytes() {
        synchronized (lock) {
            return pendingBytes;
        }
    }

    /** Fails every queued write: the connection is gone. */
    public void failPending(IOException cause) {
        synchronized (lock) {
            PendingWrite write;
            while ((write = pending.poll()) != null) {
                if (write.handler() != null) {
                    write.handler().failed(cause);
                }
            }
            pendingBytes = 0;
        }
    }
}
