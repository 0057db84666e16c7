package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.keepalive.RawWebSocketPeer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket server reduced to a socket the test scripts byte by byte: it accepts a connection and reads the upgrade
 * request; the test answers it and then writes whatever frames it wants — oversized, fragmented, or more than the
 * client reads — and reads what the client sends, or never does.
 */
public final class RawServer implements AutoCloseable {
    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;

    private final ServerSocketChannel server;

    private RawServer(ServerSocketChannel server) {
        this.server = server;
    }

    public static RawServer start() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new RawServer(server);
    }

    public URI uri() throws IOException {
        return URI.create("ws://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort() + "/raw");
    }

    /** Accepts the next connection and reads its upgrade request, within the test's patience. */
    public Peer accept() throws Exception {
        CompletableFuture<Peer> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                SocketChannel channel = server.accept();
                return new Peer(channel, readUpgradeKey(channel));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return accepted.get(TransportUnderTest.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static String readUpgradeKey(SocketChannel channel) throws IOException {
        channel.socket().setSoTimeout((int) TransportUnderTest.PATIENCE.toMillis());
        return RawWebSocketPeer.readUpgradeKey(channel.socket().getInputStream());
    }

    /** An unmasked server frame header (RFC 6455 5.2) announcing {@code length} payload bytes. */
    public static byte[] header(int opcode, boolean fin, long length) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write((fin ? 0x80 : 0) | opcode);
        if (length <= 125) {
            header.write((int) length);
        } else if (length <= 0xFFFF) {
            header.write(126);
            header.write((int) (length >>> 8));
            header.write((int) length & 0xFF);
        } else {
            header.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (length >>> shift) & 0xFF);
            }
        }
        return header.toByteArray();
    }

    /** A whole unmasked server frame. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(opcode, fin, payload.length));
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    static byte[] textFrame(String text) {
        return frame(OP_TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One accepted connection, upgrade request read, not yet answered. */
    public static final class Peer implements AutoCloseable {
        /** A frame the client sent, unmasked. */
        public record Frame(int opcode, byte[] payload) {
            public int closeCode() {
                return payload.length < 2 ? -1 : (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF);
            }

            String text() {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }

        private final SocketChannel channel;
        private final String key;

        private Peer(SocketChannel channel, String key) {
            this.channel = channel;
            this.key = key;
        }

        public SocketChannel channel() {
            return channel;
        }

        /** Answers 101; {@code frames} travel in the same write as the reply. */
        public void answerUpgrade(byte[]... frames) throws IOException {
            answer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptValue() + "\r\n\r\n", frames);
        }

        /** The Sec-WebSocket-Accept value that answers this request's key. */
        public String acceptValue() {
            return RawWebSocketPeer.accept(key);
        }

        /** Answers with {@code head} as it is (status line, headers, blank line); {@code frames} follow in one write. */
        public void answer(String head, byte[]... frames) throws IOException {
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            reply.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            for (byte[] frame : frames) {
                reply.writeBytes(frame);
            }
            send(reply.toByteArray());
        }

        /** Writes all of {@code bytes}; the channel must be in blocking mode. */
        public void send(byte[]... bytes) throws IOException {
            for (byte[] chunk : bytes) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        }

        /** Reads the client's next frame (blocking mode, within the test's patience). */
        public Frame readFrame() throws IOException {
            DataInputStream in = new DataInputStream(channel.socket().getInputStream());
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((second & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            return new Frame(first & 0x0F, payload);
        }

        /** Reads frames until a close frame, which it returns. */
        Frame readUntilCloseFrame() throws IOException {
            Frame frame = readFrame();
            while (frame.opcode() != OP_CLOSE) {
                frame = readFrame();
            }
            return frame;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
