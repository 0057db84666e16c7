package org.wsconnector.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The floor: what a round trip costs without WebSocket, TLS or any client library. Each connection is a plain
 * {@link Socket} to the TCP echo server ({@code tcp://host:port}); a text travels as a 4-byte big-endian length and
 * its UTF-8 bytes, and one reader thread per connection decodes the echoed frames. Sends are synchronous writes:
 * queueing them would add the very cost the floor leaves out.
 */
final class PlainSocketDriver implements Driver {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress address;

    PlainSocketDriver(Target target) {
        if (!"tcp".equals(target.uri().getScheme()) || target.proxied()) {
            throw new IllegalArgumentException("the plain-socket floor needs a tcp://host:port target without proxy, "
                    + "was " + target.uri() + (target.proxied() ? " via proxy " + target.proxy() : ""));
        }
        address = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
    }

    @Override
    public Connection open(Consumer<String> onText) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, CONNECT_TIMEOUT_MILLIS);
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        Thread reader = new Thread(() -> readFrames(in, onText), "plain-socket-reader");
        reader.setDaemon(true);
        reader.start();
        return new CountingConnection() {
            @Override
            public synchronized void send(String text) throws IOException {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                // One write per frame: with TCP_NODELAY two writes could leave as two segments.
                out.write(ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array());
            }

            @Override
            public void close() {
                try {
                    socket.close(); // the reader's blocked read fails and the thread ends
                } catch (IOException ignored) {
                    // closing a plain socket has nothing left to report
                }
            }
        };
    }

    private static void readFrames(DataInputStream in, Consumer<String> onText) {
        try {
            while (true) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                onText.accept(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException endOfConnection) {
            // closed by us or by the server: the reader's work is over either way
        }
    }

    @Override
    public void close() {
        // Nothing shared: every connection owns its socket and reader thread.
    }
}
