package org.wsconnector.impl.transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * wss:// (or the hop to an HTTPS proxy): an {@link SSLEngine} the connector drives itself wraps and unwraps every
 * byte.
 */
final class TlsCodec implements Codec {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** Sends what the engine wants to say on its own (a handshake message, a TLS 1.3 key update). */
    interface HandshakeReplies {
        void send() throws IOException;
    }

    private final SSLEngine engine;
    /** Replaced once when the codec becomes the outer layer of a {@link LayeredCodec} (an HTTPS proxy's session). */
    private HandshakeReplies replies;
    /** Blocking phase only: received TLS bytes not unwrapped yet, in write mode between reads. */
    private ByteBuffer received;
    /**
     * Non-blocking phase: the start of a TLS record that has not fully arrived yet, in read mode; usually null. The
     * only receive state a connection keeps between reads, since reads use the loop's {@link ReceiveBuffers}.
     */
    private ByteBuffer partialRecord;

    TlsCodec(SSLEngine engine, HandshakeReplies replies) {
        this.engine = engine;
        this.replies = replies;
        this.received = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /**
     * From now on, what the engine says on its own goes through {@code newReplies}: the wire this codec has become
     * the outer layer of. Called on the attempt's thread, before that wire exists for anyone else.
     */
    void replies(HandshakeReplies newReplies) {
        this.replies = newReplies;
    }

    @Override
    public Optional<SSLSession> session() {
        return Optional.of(engine.getSession());
    }

    @Override
    public int blockingBufferSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /** Blocking; an abort closes the channel, which ends a read or write the handshake is blocked in. */
    @Override
    public void handshake(HandshakeStream stream) throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> stream.write(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    int buffered = received.position();
                    stream.decodeReceived();
                    boolean consumedNothing = received.position() == buffered;
                    boolean stillWaiting = engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_UNWRAP;
                    if ((consumedNothing || received.position() == 0) && stillWaiting
                            && !HandshakeStream.readInto(stream.socketInput(), received)) {
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

    @Override
    public ByteBuffer readBlocking(InputStream in, ByteBuffer app) throws IOException {
        return HandshakeStream.readInto(in, received) ? decodeReceived(app) : null;
    }

    /** Unwraps every complete record received so far into {@code app}. */
    @Override
    public ByteBuffer decodeReceived(ByteBuffer app) throws IOException {
        received.flip();
        ByteBuffer decoded = unwrap(received, app);
        boolean full = received.limit() == received.capacity();
        received.compact();
        if (full && received.position() == received.capacity()) {
            received = grow(received, engine.getSession().getPacketBufferSize()); // a record larger than announced
        }
        return decoded;
    }

    @Override
    public void endBlockingPhase() {
        if (received.position() > 0) {
            partialRecord = received.flip();
        }
        received = null;
    }

    @Override
    public ByteBuffer readAvailable(SocketChannel channel, ReceiveBuffers buffers) throws IOException {
        ByteBuffer net = buffers.network();
        if (partialRecord != null) {
            net.put(partialRecord);
            partialRecord = null;
        }
        int read = channel.read(net);
        net.flip();
        ByteBuffer app = unwrapKeepingPartial(net, buffers.application());
        buffers.application(app);
        app.flip();
        return read < 0 && !app.hasRemaining() ? null : app;
    }

    /** The server's TLS inside an HTTPS proxy's: {@code below} is what the proxy's session decoded. */
    @Override
    public ByteBuffer decode(ByteBuffer below, ReceiveBuffers buffers) throws IOException {
        ByteBuffer net = below;
        if (partialRecord != null) {
            net = ByteBuffer.allocate(partialRecord.remaining() + below.remaining()).put(partialRecord).put(below)
                    .flip();
            partialRecord = null;
        }
        ByteBuffer app = unwrapKeepingPartial(net, buffers.inner());
        buffers.inner(app);
        return app.flip();
    }

    /** As {@link #unwrap}, keeping an incomplete record at the end of {@code net} for the next read. */
    private ByteBuffer unwrapKeepingPartial(ByteBuffer net, ByteBuffer app) throws IOException {
        ByteBuffer decoded = unwrap(net, app);
        if (net.hasRemaining()) {
            partialRecord = ByteBuffer.allocate(net.remaining()).put(net).flip();
        }
        return decoded;
    }

    /**
     * Unwraps every complete record of {@code net} (read mode) into {@code app} (write mode), growing it when a record
     * does not fit; returns {@code app} or its grown replacement. Leaves an incomplete record in {@code net}.
     */
    private ByteBuffer unwrap(ByteBuffer net, ByteBuffer app) throws IOException {
        while (net.hasRemaining()) {
            SSLEngineResult result = engine.unwrap(net, app);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                app = grow(app, engine.getSession().getApplicationBufferSize());
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
                replies.send();
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0
                    && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK) {
                break;
            }
        }
        return app;
    }

    @Override
    public ByteBuffer encode(ByteBuffer data) throws SSLException {
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (true) {
            SSLEngineResult result = engine.wrap(data, out);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                out = grow(out, engine.getSession().getPacketBufferSize());
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

    /** Record by record, into one buffer. */
    @Override
    public ByteBuffer encodeAll(ByteBuffer data) throws SSLException {
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

    /** Records need the frame's bytes copied anyway: the same as a frame Tyrus built. */
    @Override
    public ByteBuffer encodeOwned(ByteBuffer frame) throws SSLException {
        return encodeAll(frame);
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
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
