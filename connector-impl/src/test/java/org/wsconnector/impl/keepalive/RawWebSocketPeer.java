package org.wsconnector.impl.keepalive;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal RFC 6455 server written on a plain {@link ServerSocket}: the handshake (SHA-1 + Base64 of the key) and
 * just enough framing to read masked client frames. It exists for one misbehaviour no real server shows on purpose
 * and the Tyrus server cannot be made to show (it always answers a PING itself, with the PING's payload): answering
 * every PING with a PONG that carries <em>other</em> bytes. With {@link PongReply#SAME_PAYLOAD} it behaves like a
 * correct peer, which is the control that proves the fake itself works.
 */
public final class RawWebSocketPeer implements AutoCloseable {
    enum PongReply { SAME_PAYLOAD, FOREIGN_PAYLOAD }

    /** What the peer does with a close frame: answer it and close, or ignore it and keep the socket open. */
    enum CloseReply { ANSWER, IGNORE }

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private final ServerSocket serverSocket;
    private final PongReply reply;
    private final CloseReply closeReply;
    private final java.util.concurrent.CountDownLatch closeFrameReceived = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch clientHungUp = new java.util.concurrent.CountDownLatch(1);
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger upgrades = new AtomicInteger();
    private volatile boolean closed;

    private RawWebSocketPeer(ServerSocket serverSocket, PongReply reply, CloseReply closeReply) {
        this.serverSocket = serverSocket;
        this.reply = reply;
        this.closeReply = closeReply;
    }

    static RawWebSocketPeer start(PongReply reply) throws IOException {
        return start(reply, CloseReply.ANSWER);
    }

    static RawWebSocketPeer start(PongReply reply, CloseReply closeReply) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        RawWebSocketPeer peer = new RawWebSocketPeer(serverSocket, reply, closeReply);
        daemon("raw-peer-acceptor", peer::acceptLoop);
        return peer;
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + serverSocket.getLocalPort() + "/raw");
    }

    int pingsReceived() {
        return pings.get();
    }

    int upgrades() {
        return upgrades.get();
    }

    /** Waits (bounded) for a close frame from the client; true when one came. */
    boolean awaitCloseFrame(java.time.Duration timeout) throws InterruptedException {
        return closeFrameReceived.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Waits (bounded) for the client to close its socket; true when it did. */
    boolean awaitClientHangUp(java.time.Duration timeout) throws InterruptedException {
        return clientHungUp.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Begins the closing handshake on every open connection with {@code code} and keeps them open: a server that never
     * closes TCP afterwards. Start the peer with {@link CloseReply#IGNORE}, or it closes once the client answers.
     */
    void sendCloseAndLinger(int code) throws IOException {
        for (Socket socket : sockets) {
            writeFrame(socket.getOutputStream(), OP_CLOSE, new byte[]{(byte) (code >> 8), (byte) code});
        }
    }

    @Override
    public void close() {
        closed = true;
        quietly(serverSocket);
        sockets.forEach(RawWebSocketPeer::quietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                sockets.add(socket);
                daemon("raw-peer-connection", () -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            String key = readUpgradeKey(in);
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            upgrades.incrementAndGet();
            while (true) {
                int first = in.read();
                if (first < 0) {
                    clientHungUp.countDown();
                    return;
                }
                int opcode = first & 0x0F;
                byte[] payload = readPayload(in);
                if (opcode == OP_PING) {
                    pings.incrementAndGet();
                    writeFrame(out, OP_PONG, reply == PongReply.SAME_PAYLOAD ? payload : inverted(payload));
                } else if (opcode == OP_CLOSE) {
                    closeFrameReceived.countDown();
                    if (closeReply == CloseReply.ANSWER) {
                        writeFrame(out, OP_CLOSE, payload.length >= 2 ? new byte[]{payload[0], payload[1]} : payload);
                        return;
                    }
                }
                // text, binary and pongs are read and dropped: this peer only exists for its PONGs
            }
        } catch (IOException e) {
            clientHungUp.countDown(); // the client went away (reset)
        } finally {
            sockets.remove(socket);
        }
    }

    /** Reads the HTTP upgrade request head and returns its Sec-WebSocket-Key. */
    public static String readUpgradeKey(InputStream in) throws IOException {
        String key = null;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                key = line.substring(colon + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("no Sec-WebSocket-Key in the upgrade request");
        }
        return key;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection ended inside the upgrade request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The Sec-WebSocket-Accept value for a client's key (RFC 6455 4.2.2). */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads length, optional mask key and payload of a frame whose first byte was read; unmasks it. */
    private static byte[] readPayload(DataInputStream in) throws IOException {
        int second = in.readUnsignedByte();
        boolean masked = (second & 0x80) != 0;
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 1 << 20) {
            throw new IOException("frame too large for this test peer: " + length);
        }
        byte[] mask = new byte[4];
        if (masked) {
            in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return payload;
    }

    /** A server frame: FIN set, never masked; control payloads are at most 125 bytes. */
    private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        out.write(frame);
        out.flush();
    }

    /** Same length, every byte different: only a payload comparison, not a length check, can tell. */
    private static byte[] inverted(byte[] payload) {
        byte[] other = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            other[i] = (byte) ~payload[i];
        }
        return other;
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void quietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // best effort
        }
    }
}
