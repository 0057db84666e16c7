package org.wsconnector.impl.transport;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * How application bytes look on the socket: as they are ({@link PlainCodec}), in TLS records ({@link TlsCodec}), or,
 * through an HTTPS proxy, inside the TLS session with the proxy ({@link LayeredCodec}: either codec inside it).
 * Encoding runs under the {@link WriteQueue}'s lock, so that records reach the socket in the order they were made;
 * decoding runs on one thread at a time (the attempt's, then the I/O loop's).
 */
interface Codec {

    /** The TLS session, for wss connections. */
    Optional<SSLSession> session();

    /** Capacity of the application buffer the blocking phase starts with. */
    int blockingBufferSize();

    /** Blocking phase: runs the TLS handshake over {@code stream}; nothing to do when plain. */
    void handshake(HandshakeStream stream) throws IOException;

    /**
     * Blocking phase: one blocking read from {@code in}, whose application bytes are appended to {@code app} (write
     * mode). Returns {@code app} or its grown replacement; null at end of stream.
     */
    ByteBuffer readBlocking(InputStream in, ByteBuffer app) throws IOException;

    /** Blocking phase: decodes what was received earlier and not decoded yet into {@code app}, without reading. */
    ByteBuffer decodeReceived(ByteBuffer app) throws IOException;

    /**
     * Blocking phase: the stream this codec reads its encoded bytes from, given the socket's; the socket's itself,
     * except above another codec ({@link LayeredCodec}), whose decoded bytes it reads.
     */
    default InputStream transportInput(InputStream socket) {
        return socket;
    }

    /** The blocking phase is over: received bytes not decoded yet are kept for the first non-blocking read. */
    void endBlockingPhase();

    /**
     * Non-blocking: reads what {@code channel} has into the I/O loop's {@code buffers} and returns the application
     * bytes in read mode, possibly none; null at end of stream.
     */
    ByteBuffer readAvailable(SocketChannel channel, ReceiveBuffers buffers) throws IOException;

    /**
     * Non-blocking, inside a {@link LayeredCodec}: decodes {@code below} (read mode), the bytes the codec beneath
     * has just decoded, and returns the application bytes in read mode, using the loop's {@code buffers}. An
     * incomplete record is kept for the next call.
     */
    ByteBuffer decode(ByteBuffer below, ReceiveBuffers buffers) throws IOException;

    /** Encodes as much of {@code data} as one record holds; plain: a copy of all of it. */
    ByteBuffer encode(ByteBuffer data) throws SSLException;

    /** Encodes all of {@code data} into one buffer; plain: a copy, since the caller keeps its buffer. */
    ByteBuffer encodeAll(ByteBuffer data) throws SSLException;

    /** Encodes a frame the wire takes over; plain: the frame itself, without a copy. */
    ByteBuffer encodeOwned(ByteBuffer frame) throws SSLException;
}
