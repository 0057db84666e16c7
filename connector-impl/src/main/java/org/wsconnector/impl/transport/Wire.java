package org.wsconnector.impl.transport;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.Function;

/**
 * The byte stream of one connection over a {@link SocketChannel}, plain or TLS, assembled from one part per concern:
 * <ul>
 *   <li>a {@link Codec}: plain pass-through or an {@link SSLEngine} the connector drives itself, either of them
 *       inside the TLS session with an HTTPS proxy ({@link #tunnelled});</li>
 *   <li>the {@link HandshakeStream}: the blocking phase on the attempt's thread (TLS handshake, HTTP upgrade);</li>
 *   <li>once open, the shared {@link IoLoop} reads when the selector says so ({@link #readAvailable}), the
 *       {@link WriteQueue} sends without ever blocking the sender, and {@link ReadInterest} pauses reading.</li>
 * </ul>
 */
public final class Wire {
    private final SocketChannel channel;
    private final Codec codec;
    private final WriteQueue writes;
    private final ReadInterest readInterest = new ReadInterest();
    /** Null once the first non-blocking read has taken what the blocking phase received. Loop thread after that. */
    private HandshakeStream handshake;

    /** @param tls the TLS engine, or null for a plain connection */
    Wire(SocketChannel channel, SSLEngine tls) {
        this(channel, replies -> tls == null ? new PlainCodec() : new TlsCodec(tls, replies));
    }

    /** @param codecs makes the codec, given where it sends what its TLS engine says on its own */
    private Wire(SocketChannel channel, Function<TlsCodec.HandshakeReplies, Codec> codecs) {
        this.channel = channel;
        this.codec = codecs.apply(this::replyToHandshake);
        this.writes = new WriteQueue(channel, codec);
        this.handshake = new HandshakeStream(channel, codec, writes);
    }

    /**
     * The connection inside this wire's tunnel, once an HTTPS proxy has opened it: this wire carried the proxy's TLS
     * handshake and the CONNECT exchange; the new one layers the connection's own codec (plain, or the server's TLS
     * with {@code serverTls}) inside the proxy's session, taking that session over with whatever it has received.
     * This wire must not be used afterwards.
     */
    Wire tunnelled(SSLEngine serverTls) {
        TlsCodec proxySession = (TlsCodec) codec;
        ByteBuffer pastConnectReply = handshake.drainReceived();
        return new Wire(channel, replies -> {
            proxySession.replies(replies);
            Codec inside = serverTls == null ? new PlainCodec() : new TlsCodec(serverTls, replies);
            return new LayeredCodec(proxySession, inside, pastConnectReply);
        });
    }

    public SocketChannel channel() {
        return channel;
    }

    /** The TLS session, for wss connections. */
    public Optional<SSLSession> tlsSession() {
        return codec.session();
    }

    /** The plain TCP socket (the adaptor of the channel). */
    public Socket socket() {
        return channel.socket();
    }

    /** The blocking phase's stream, until the connection is handed to the I/O loop. */
    public HandshakeStream handshakeStream() {
        return handshake;
    }

    /** Runs the TLS handshake in blocking mode. */
    void tlsHandshake() throws IOException {
        codec.handshake(handshake);
    }

    public WriteQueue writes() {
        return writes;
    }

    public ReadInterest readInterest() {
        return readInterest;
    }

    /** Remembers the selection key for read and write interest. */
    public void registered(SelectionKey key) {
        writes.registered(key);
        readInterest.registered(key);
    }

    /**
     * Reads what the channel has (non-blocking), on the I/O loop's thread with its {@code buffers}, and returns the
     * application bytes received, possibly empty; null at end of stream. Bytes that arrived with the upgrade reply
     * come first. The buffer returned is the loop's own and is reused by the next read: the caller must consume it
     * before then (Tyrus's read handler copies what it keeps, a partial frame included, into its own buffer).
     */
    public ByteBuffer readAvailable(ReceiveBuffers buffers) throws IOException {
        if (handshake != null) {
            ByteBuffer left = handshake.takeLeftover();
            handshake = null;
            return left;
        }
        return codec.readAvailable(channel, buffers);
    }

    private void replyToHandshake() throws IOException {
        writes.sendHandshakeReply();
    }
}
