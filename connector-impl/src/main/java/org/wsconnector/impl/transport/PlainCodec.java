package org.wsconnector.impl.transport;

import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/** ws://: application bytes go to the socket (or into the TLS session with an HTTPS proxy) as they are. */
final class PlainCodec implements Codec {
    /** Enough for an upgrade reply head; the blocking phase reads nothing else. */
    private static final int BLOCKING_BUFFER_SIZE = 16 * 1024;

    @Override
    public Optional<SSLSession> session() {
        return Optional.empty();
    }

    @Override
    public int blockingBufferSize() {
        return BLOCKING_BUFFER_SIZE;
    }

    @Override
    public void handshake(HandshakeStream stream) {
        // nothing to negotiate
    }

    @Override
    public ByteBuffer readBlocking(InputStream in, ByteBuffer app) throws IOException {
        return HandshakeStream.readInto(in, app) ? app : null;
    }

    @Override
    public ByteBuffer decodeReceived(ByteBuffer app) {
        return app; // reads land in app directly
    }

    @Override
    public void endBlockingPhase() {
        // nothing kept between reads
    }

    @Override
    public ByteBuffer readAvailable(SocketChannel channel, ReceiveBuffers buffers) throws IOException {
        ByteBuffer app = buffers.application();
        int read = channel.read(app);
        app.flip();
        return read < 0 && !app.hasRemaining() ? null : app;
    }

    /** What the codec beneath decoded is already the application's. */
    @Override
    public ByteBuffer decode(ByteBuffer below, ReceiveBuffers buffers) {
        return below;
    }

    @Override
    public ByteBuffer encode(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        return copy;
    }

    @Override
    public ByteBuffer encodeAll(ByteBuffer data) {
        return encode(data);
    }

    @Override
    public ByteBuffer encodeOwned(ByteBuffer frame) {
        return frame;
    }
}
