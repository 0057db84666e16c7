package org.wsconnector.impl.transport;


import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The byte stream of one connection over a {@link SocketChannel}, plain or TLS (an {@link SSLEngine} the connector
 * drives itself). It works in two modes on the same buffers:
 * <ul>
 *   <li><b>blocking</b>, on the attempt's thread, for the TLS handshake and the HTTP upgrade: reads go through the
 *       socket adaptor's stream so that SO_TIMEOUT bounds them, and closing the channel aborts them;</li>
 *   <li><b>non-blocking</b>, once open: the shared {@link IoLoop} reads when the selector says so, and writes are
 *       queued and flushed without ever blocking the sender.</li>
 * </ul>
 * Bytes already received past the upgrade reply stay in {@link #appIn} and are delivered first.
 */
public final class Wire {
    /** A peer that stops reading must not make us buffer without limit: sends fail beyond this. */
    static final int MAX_PENDING_WRITE_BYTES = 16 * 1024 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine tls;
    /** Blocking mode only (TLS handshake, upgrade reply): received TLS bytes, in write mode between fills. */
    private ByteBuffer netIn;
    /** Blocking mode only: received application bytes, in read mode between fills. */
    private ByteBuffer appIn;
    /**
     * Non-blocking mode: the start of a TLS record that has not fully arrived yet, in read mode; usually null. The only
     * receive state a connection keeps between reads, since reads use the loop's {@link ReceiveBuffers}.
     */
    private ByteBuffer partialRecord;
    private final Object writeLock = new Object();
    private final Deque<PendingWrite> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Set under writeLock once Tyrus has queued a close frame: application data frames must not follow. */
    private boolean closeFrameWritten;
    /** Told, under writeLock, when queued bytes start waiting for the socket (the write-timeout watch). */
    private Runnable backlogStarted = () -> { };
    /** Under writeLock: a watch is armed; only then does a flush note the time of its progress. */
    private boolean backlogWatched;
    private long lastWriteProgressNanos;
    /** Guards the read half of the key's interest set: pause and resume may race from any threads. */
    private final Object readInterestLock = new Object();
    private volatile boolean readingPaused;
    private volatile SelectionKey key;

    private record PendingWrite(ByteBuffer bytes, WriteCompletion handler) {
    }

    Wire(SocketChannel channel, SSLEngine tls) {
        this.channel = channel;
        this.tls = tls;
        // Plain connections read straight into appIn and never touch netIn. Both are dropped once the connection is
        // handed to the I/O loop.
        this.netIn = ByteBuffer.allocate(tls == null ? 0 : tls.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(tls == null ? 16 * 1024 : tls.getSession().getApplicationBufferSize());
        this.appIn.flip();
    }

    public SocketChannel channel() {
        return channel;
    }

    /** The TLS session, for wss connections. */
    public java.util.Optional<javax.net.ssl.SSLSession> tlsSession() {
        return tls == null ? java.util.Optional.empty() : java.util.Optional.of(tls.getSession());
    }

    /** The plain TCP socket (the adaptor of the channel). */
    public Socket socket() {
        return channel.socket();
    }

    // ---- blocking mode --------------------------------------------------------------------------------------------

    /** Runs the TLS handshake in blocking mode; SO_TIMEOUT on the socket bounds every read. */
    void handshake() throws IOException {
        tls.beginHandshake();
        while (true) {
            switch (tls.getHandshakeStatus()) {
                case NEED_WRAP -> writeBlocking(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    int buffered = netIn.position();
                    unwrapAvailable();
                    boolean consumedNothing = netIn.position() == buffered;
                    boolean stillWaiting = tls.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
                    if ((consumedNothing || netIn.position() == 0) && stillWaiting && !readBlocking()) {
                        throw new EOFException("connection closed during the TLS handshake");
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    return; // FINISHED or NOT_HANDSHAKING
                }
            }
        }
    }

    /** Writes everything (wrapped when TLS) before returning. Only before the channel turns non-blocking. */
    public void writeBlocking(ByteBuffer data) throws IOException {
        synchronized (writeLock) {
            do {
                ByteBuffer out = encode(data);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } while (data.hasRemaining());
        }
    }

    /** An input stream over the received application bytes, for reading the upgrade reply head. */
    public InputStream blockingInput() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                while (!appIn.hasRemaining()) {
                    if (!readBlocking()) {
                        return -1;
                    }
                    unwrapAvailable();
                }
                return appIn.get() & 0xff;
            }
        };
    }

    /** One blocking read through the socket adaptor (so SO_TIMEOUT applies); false at end of stream. */
    private boolean readBlocking() throws IOException {
        if (tls == null) {
            appIn.compact();
            try {
                return readInto(appIn);
            } finally {
                appIn.flip();
            }
        }
        return readInto(netIn);
    }

    private boolean readInto(ByteBuffer target) throws IOException {
        if (!target.hasRemaining()) {
            throw new IOException("receive buffer full");
        }
        InputStream in = channel.socket().getInputStream();
        int read = in.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
        if (read < 0) {
            return false;
        }
        target.position(target.position() + read);
        return true;
    }

    // ---- non-blocking mode ----------------------------------------------------------------------------------------

    /**
     * Remembers the selection key for read and write interest; a connection paused before it was registered stops
     * reading now.
     */
    public void registered(SelectionKey selectionKey) {
        synchronized (readInterestLock) {
            this.key = selectionKey;
            applyReadInterest();
        }
    }

    /**
     * Stops selecting this channel for reads; the peer's TCP window fills instead of our heap. Writes go on. Any
     * thread; idempotent. A read already under way still hands over what it read.
     */
    public void pauseReading() {
        synchronized (readInterestLock) {
            readingPaused = true;
            applyReadInterest();
        }
    }

    /**
     * Selects this channel for reads again. Any thread; idempotent. The caller must make the loop read once: bytes
     * may already be waiting where the selector does not see them (left from the upgrade reply).
     */
    public void resumeReading() {
        synchronized (readInterestLock) {
            readingPaused = false;
            applyReadInterest();
        }
    }

    public boolean readingPaused() {
        return readingPaused;
    }

    /** Under readInterestLock, so the interest set always ends up matching the last pause or resume. */
    private void applyReadInterest() {
        SelectionKey current = key;
        if (current == null || !current.isValid()) {
            return; // registration applies the flag; a dead key reads nothing anyway
        }
        try {
            if (readingPaused) {
                current.interestOpsAnd(~SelectionKey.OP_READ);
            } else {
                current.interestOpsOr(SelectionKey.OP_READ);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            // the connection is ending: nothing left to read
        }
    }

    /**
     * Reads what the channel has (non-blocking), on the I/O loop's thread with its {@code buffers}, and returns the
     * application bytes received, possibly empty; null at end of stream. Bytes that arrived with the upgrade reply
     * come first. The buffer returned is the loop's own and is reused by the next read: the caller must consume it
     * before then (Tyrus's read handler copies what it keeps, a partial frame included, into its own buffer).
     */
    public ByteBuffer readAvailable(ReceiveBuffers buffers) throws IOException {
        if (appIn != null) {
            return leftFromBlockingMode();
        }
        ByteBuffer app;
        int read;
        if (tls == null) {
            app = buffers.application();
            read = channel.read(app);
        } else {
            ByteBuffer net = buffers.network();
            if (partialRecord != null) {
                net.put(partialRecord);
                partialRecord = null;
            }
            read = channel.read(net);
            net.flip();
            app = unwrap(net, buffers.application());
            buffers.application(app);
            if (net.hasRemaining()) {
                partialRecord = ByteBuffer.allocate(net.remaining()).put(net).flip();
            }
        }
        app.flip();
        if (read < 0 && !app.hasRemaining()) {
            return null;
        }
        return app;
    }

    /** The first non-blocking read: hands over what blocking mode received past the upgrade reply, drops its buffers. */
    private ByteBuffer leftFromBlockingMode() {
        ByteBuffer left = copyOf(appIn);
        if (tls != null && netIn.position() > 0) {
            partialRecord = netIn.flip();
        }
        appIn = null;
        netIn = null;
        return left;
    }

    private static ByteBuffer copyOf(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
        copy.put(bytes).flip();
        return copy;
    }

    /**
     * Queues a frame Tyrus built and writes as much as the socket takes now; the rest goes when the selector says
     * writable. Once Tyrus has written a close frame, no data frame may follow it (RFC 6455 5.5.1).
     */
    public void write(ByteBuffer frame, WriteCompletion handler) {
        queue(frame, handler, false);
    }

    /**
     * Queues a data frame the connector built itself ({@link DataFrames}); the wire takes the buffer over, so a plain
     * connection sends it without a copy. Refused once a close frame has been written.
     */
    public void writeDataFrame(ByteBuffer frame, WriteCompletion handler) {
        queue(frame, handler, true);
    }

    private void queue(ByteBuffer frame, WriteCompletion handler, boolean ownDataFrame) {
        try {
            synchronized (writeLock) {
                if (ownDataFrame && closeFrameWritten) {
                    throw new IOException("the connection is closing: the close frame has been sent");
                }
                if (!ownDataFrame && isCloseFrame(frame)) {
                    closeFrameWritten = true;
                }
                ByteBuffer encoded = tls == null && ownDataFrame ? frame : encodeAll(frame);
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

    /** Writes queued bytes until the socket is full; called by senders and by the I/O loop when writable. */
    public void flush() throws IOException {
        synchronized (writeLock) {
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
                current.interestOpsAnd(~SelectionKey.OP_WRITE); // the read half is the reader's: leave it as is
            }
        }
    }

    /** Under writeLock: the socket took less than we had; arm the write-timeout watch and wait for OP_WRITE. */
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
     * Runs {@code started} (under the write lock, so it must be quick) each time queued bytes start waiting for the
     * socket; the callee checks {@link #stalledNanos} later. Set once, before the connection is open.
     */
    public void onBacklog(Runnable started) {
        synchronized (writeLock) {
            this.backlogStarted = started;
        }
    }

    /**
     * For the write-timeout watch: how long queued bytes have made no progress as of {@code nowNanos}, or -1 when
     * nothing is queued any more (the watch is then disarmed until the next backlog).
     */
    public long stalledNanos(long nowNanos) {
        synchronized (writeLock) {
            if (pending.isEmpty()) {
                backlogWatched = false;
                return -1;
            }
            return nowNanos - lastWriteProgressNanos;
        }
    }

    /** Bytes queued and not yet taken by the socket. */
    public long pendingBytes() {
        synchronized (writeLock) {
            return pendingBytes;
        }
    }

    /** Fails every queued write: the connection is gone. */
    public void failPending(IOException cause) {
        synchronized (writeLock) {
            PendingWrite write;
            while ((write = pending.poll()) != null) {
                if (write.handler() != null) {
                    write.handler().failed(cause);
                }
            }
            pendingBytes = 0;
        }
    }

    // ---- TLS ------------------------------------------------------------------------------------------------------

    /** Blocking mode: unwraps every complete record in netIn into appIn. */
    private void unwrapAvailable() throws IOException {
        if (tls == null) {
            return;
        }
        appIn.compact();
        try {
            netIn.flip();
            appIn = unwrap(netIn, appIn);
            boolean full = netIn.limit() == netIn.capacity();
            netIn.compact();
            if (full && netIn.position() == netIn.capacity()) {
                netIn = grow(netIn, tls.getSession().getPacketBufferSize()); // a record larger than announced
            }
        } finally {
            appIn.flip();
        }
    }

    /**
     * Unwraps every complete record of {@code net} (read mode) into {@code app} (write mode), growing it when a record
     * does not fit; returns {@code app} or its grown replacement. Leaves an incomplete record in {@code net}.
     */
    private ByteBuffer unwrap(ByteBuffer net, ByteBuffer app) throws IOException {
        while (net.hasRemaining()) {
            SSLEngineResult result = tls.unwrap(net, app);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                app = grow(app, tls.getSession().getApplicationBufferSize());
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            }
            SSLEngineResult.HandshakeStatus status = result.getHandshakeStatus();
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                // TLS 1.3 key update or a handshake message that wants an answer.
                replyToHandshake();
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                    && tls.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                break;
            }
        }
        return app;
    }

    private void replyToHandshake() throws IOException {
        synchronized (writeLock) {
            ByteBuffer out = encode(EMPTY); // under the lock: records must hit the wire in the order they were wrapped
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

    /** Encodes as much of {@code data} as one TLS record holds (all of it when plain). */
    private ByteBuffer encode(ByteBuffer data) throws SSLException {
        if (tls == null) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            return copy;
        }
        ByteBuffer out = ByteBuffer.allocate(tls.getSession().getPacketBufferSize());
        while (true) {
            SSLEngineResult result = tls.wrap(data, out);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                out = grow(out, tls.getSession().getPacketBufferSize());
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS session is closed");
            }
            if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            out.flip();
            return out;
        }
    }

    /** Encodes all of {@code data}, record by record, into one buffer. */
    private ByteBuffer encodeAll(ByteBuffer data) throws SSLException {
        ByteBuffer first = encode(data);
        if (!data.hasRemaining()) {
            return first;
        }
        ByteBuffer all = ByteBuffer.allocate(first.remaining() + data.remaining() * 2 + 1024);
        all.put(first);
        while (data.hasRemaining()) {
            ByteBuffer next = encode(data);
            if (all.remaining() < next.remaining()) {
                all = grow(all, next.remaining());
            }
            all.put(next);
        }
        all.flip();
        return all;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tls.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() + Math.max(atLeast, buffer.capacity()));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }
}
