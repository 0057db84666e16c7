package org.wsconnector.impl.transport;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * Through an HTTPS proxy: the connection's own codec ({@code inner}: plain for ws://, the server's TLS for wss://)
 * runs inside the TLS session with the proxy ({@code outer}), which carried the CONNECT exchange before. Encoding
 * goes inner then outer; decoding outer then inner. Only such connections pay for the second layer: a direct or
 * plain-proxy connection keeps its single codec.
 */
final class LayeredCodec implements Codec {
    private final TlsCodec outer;
    private final Codec inner;
    /**
     * Blocking phase: what the proxy's session has decoded and the inner codec has not read yet, in read mode;
     * starts with what arrived after the proxy's CONNECT reply.
     */
    private ByteBuffer fromOuter;
    /** Non-blocking phase: the same bytes, left over from the blocking phase; usually null. */
    private ByteBuffer pendingInner;

    /** @param alreadyDecoded bytes the proxy's session decoded past the CONNECT reply (read mode), often none */
    LayeredCodec(TlsCodec outer, Codec inner, ByteBuffer alreadyDecoded) {
        this.outer = outer;
        this.inner = inner;
        this.fromOuter = alreadyDecoded;
    }

    /** The server's session (wss), never the proxy's. */
    @Override
    public Optional<SSLSession> session() {
        return inner.session();
    }

    @Override
    public int blockingBufferSize() {
        return inner.blockingBufferSize();
    }

    @Override
    public void handshake(HandshakeStream stream) throws IOException {
        inner.handshake(stream); // its records reach the wire through encode below, its input through transportInput
    }

    /** The proxy session's decoded bytes, read on demand with blocking reads of the socket. */
    @Override
    public InputStream transportInput(InputStream socket) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                // Each turn blocks in one socket read: it ends with bytes, at end of stream, or when an abort
                // closes the channel. A turn may decode nothing (half a record, a session ticket).
                while (!fromOuter.hasRemaining()) {
                    ByteBuffer decoded = outer.readBlocking(socket,
                            ByteBuffer.allocate(outer.blockingBufferSize()));
                    if (decoded == null) {
                        return -1;
                    }
                    fromOuter = decoded.flip();
                }
                int count = Math.min(length, fromOuter.remaining());
                fromOuter.get(target, offset, count);
                return count;
            }
        };
    }

    @Override
    public ByteBuffer readBlocking(InputStream in, ByteBuffer app) throws IOException {
        return inner.readBlocking(transportInput(in), app);
    }

    @Override
    public ByteBuffer decodeReceived(ByteBuffer app) throws IOException {
        return inner.decodeReceived(app);
    }

    @Override
    public void endBlockingPhase() {
        inner.endBlockingPhase();
        outer.endBlockingPhase();
        if (fromOuter.hasRemaining()) {
            pendingInner = ByteBuffer.allocate(fromOuter.remaining()).put(fromOuter).flip();
        }
        fromOuter = null;
    }

    @Override
    public ByteBuffer readAvailable(SocketChannel channel, ReceiveBuffers buffers) throws IOException {
        ByteBuffer below = outer.readAvailable(channel, buffers);
        if (below == null) {
            return null;
        }
        if (pendingInner != null) {
            below = ByteBuffer.allocate(pendingInner.remaining() + below.remaining()).put(pendingInner).put(below)
                    .flip();
            pendingInner = null;
        }
        return inner.decode(below, buffers);
    }

    /** Not used: nothing is layered above this codec. */
    @Override
    public ByteBuffer decode(ByteBuffer below, ReceiveBuffers buffers) {
        throw new UnsupportedOperationException("an HTTPS proxy's session is the outermost layer");
    }

    @Override
    public ByteBuffer encode(ByteBuffer data) throws SSLException {
        return outer.encodeAll(inner.encode(data));
    }

    @Override
    public ByteBuffer encodeAll(ByteBuffer data) throws SSLException {
        return outer.encodeAll(inner.encodeAll(data));
    }

    /** The proxy's records copy the frame anyway. */
    @Override
    public ByteBuffer encodeOwned(ByteBuffer frame) throws SSLException {
        return encodeAll(frame);
    }
}
