package org.wsconnector.impl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The blocking phase of a connection, on the attempt's thread, before it is handed to the {@link IoLoop}: the TLS
 * handshake and the HTTP upgrade are written and read through the socket adaptor's streams. Nothing here times out:
 * the engine's connection-timeout aborts the attempt by closing the channel, which ends a blocked read or write.
 * Application bytes received past the upgrade reply stay here until the first non-blocking read takes them.
 */
public final class HandshakeStream {
    private final SocketChannel channel;
    private final Codec codec;
    private final WriteQueue writes;
    /** Received application bytes, in read mode between fills. */
    private ByteBuffer received;

    HandshakeStream(SocketChannel channel, Codec codec, WriteQueue writes) {
        this.channel = channel;
        this.codec = codec;
        this.writes = writes;
        this.received = ByteBuffer.allocate(codec.blockingBufferSize()).flip();
    }

    /** Writes everything (encoded when TLS) before returning. */
    public void write(ByteBuffer data) throws IOException {
        writes.writeBlocking(data);
    }

    /** An input stream over the received application bytes, for reading the upgrade reply head. */
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                while (!received.hasRemaining()) {
                    if (!fill()) {
                        return -1;
                    }
                }
                return received.get() & 0xff;
            }
        };
    }

    /** One blocking read, decoded into {@link #received}; false at end of stream. */
    private boolean fill() throws IOException {
        received.compact();
        try {
            // The socket's own stream: a layered codec puts the proxy's session between itself and the socket.
            ByteBuffer grown = codec.readBlocking(channel.socket().getInputStream(), received);
            if (grown == null) {
                return false;
            }
            received = grown;
            return true;
        } finally {
            received.flip();
        }
    }

    /** For the codec's handshake: decodes what it has received without reading. */
    void decodeReceived() throws IOException {
        received.compact();
        try {
            received = codec.decodeReceived(received);
        } finally {
            received.flip();
        }
    }

    /** Where the codec reads its encoded bytes: the socket, or the HTTPS proxy's session beneath it. */
    InputStream socketInput() throws IOException {
        return codec.transportInput(channel.socket().getInputStream());
    }

    /** An output stream that writes through {@link #write}: the CONNECT request inside an HTTPS proxy's session. */
    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                HandshakeStream.this.write(ByteBuffer.wrap(bytes, offset, length));
            }
        };
    }

    /**
     * What was received and not read yet, taken without ending the blocking phase: the bytes past an HTTPS proxy's
     * CONNECT reply, which belong to the connection inside the tunnel.
     */
    ByteBuffer drainReceived() {
        ByteBuffer left = ByteBuffer.allocate(received.remaining());
        left.put(received).flip();
        return left;
    }

    /** Ends the blocking phase: a copy of what was received past the upgrade reply (the buffer itself is dropped). */
    ByteBuffer takeLeftover() {
        ByteBuffer left = ByteBuffer.allocate(received.remaining());
        left.put(received).flip();
        received = null;
        codec.endBlockingPhase();
        return left;
    }

    /** One blocking read into {@code target} (write mode); false at end of stream. */
    static boolean readInto(InputStream in, ByteBuffer target) throws IOException {
        if (!target.hasRemaining()) {
            throw new IOException("receive buffer full");
        }
        int read = in.read(target.array(), target.arrayOffset() + target.position(), target.remaining());
        if (read < 0) {
            return false;
        }
        target.position(target.position() + read);
        return true;
    }
}
