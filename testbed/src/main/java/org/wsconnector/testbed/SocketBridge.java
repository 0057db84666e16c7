package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays every connection accepted on one address to another, byte for byte, either side TCP or a Unix domain
 * socket: how a process in a network namespace reaches a server in another. A Unix socket is a file, so a path
 * crosses network namespaces where no TCP address does ({@link IsolatedNetwork} pairs one bridge in the test JVM,
 * Unix socket to loopback TCP, with one in its hub namespace, TCP to that Unix socket).
 *
 * <p>An end of file on one side is passed on as a half close, and the pair is closed when both directions ended or
 * either failed; {@link #close()} stops accepting and closes every relayed pair. Each pair uses two daemon threads
 * named {@code testbed-bridge-...}. Thread-safe.
 */
public final class SocketBridge implements AutoCloseable {
    /** What the child process prints once it accepts connections. */
    public static final String READY = "BRIDGE READY";
    private static final int BUFFER_SIZE = 16 * 1024;

    private final ServerSocketChannel listener;
    private final SocketAddress target;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private SocketBridge(ServerSocketChannel listener, SocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /**
     * Listens on {@code listen} (a {@link UnixDomainSocketAddress} whose file must not exist yet, or an
     * {@link InetSocketAddress}) and relays each connection to {@code target}.
     */
    public static SocketBridge start(SocketAddress listen, SocketAddress target) throws IOException {
        ServerSocketChannel listener = listen instanceof UnixDomainSocketAddress
                ? ServerSocketChannel.open(StandardProtocolFamily.UNIX) : ServerSocketChannel.open();
        listener.bind(listen, 50);
        SocketBridge bridge = new SocketBridge(listener, target);
        TestbedThreads.start("bridge-acceptor", bridge::acceptLoop);
        return bridge;
    }

    /**
     * A bridge in a process of its own, run as {@code ip netns exec <ns> java ... SocketBridge <listen> <target>},
     * each address {@code tcp:<host>:<port>} or {@code unix:<path>}: prints {@link #READY} once listening and
     * relays until its standard input ends.
     */
    public static void main(String[] args) throws IOException {
        try (SocketBridge bridge = start(address(args[0]), address(args[1]))) {
            System.out.println(READY + " " + bridge.listener.getLocalAddress());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Until the parent closes our standard input (or dies, which closes it too).
            }
        }
    }

    /** {@code tcp:<host>:<port>} or {@code unix:<path>}. */
    static SocketAddress address(String text) {
        if (text.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(text.substring("unix:".length()));
        }
        if (text.startsWith("tcp:")) {
            int colon = text.lastIndexOf(':');
            return new InetSocketAddress(text.substring("tcp:".length(), colon),
                    Integer.parseInt(text.substring(colon + 1)));
        }
        throw new IllegalArgumentException("not tcp:<host>:<port> or unix:<path>: " + text);
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel accepted;
            try {
                accepted = listener.accept();
            } catch (IOException closedOrFailed) {
                return;
            }
            SocketChannel outgoing;
            try {
                outgoing = target instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                outgoing.connect(target);
            } catch (IOException unreachable) {
                closeQuietly(accepted); // the client sees its connection end, as with a refused one
                continue;
            }
            relay(accepted, outgoing);
        }
    }

    private void relay(SocketChannel a, SocketChannel b) {
        open.add(a);
        open.add(b);
        Runnable whenBothEnded = new Runnable() {
            private int ended;

            @Override
            public synchronized void run() {
                if (++ended == 2) {
                    closeQuietly(a);
                    closeQuietly(b);
                }
            }
        };
        TestbedThreads.start("bridge", () -> pump(a, b, whenBothEnded));
        TestbedThreads.start("bridge", () -> pump(b, a, whenBothEnded));
    }

    private void pump(SocketChannel from, SocketChannel to, Runnable ended) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
            ended.run();
        } catch (ClosedChannelException closedByTheOtherDirection) {
            ended.run();
        } catch (IOException failed) {
            // A reset on one side: reset the other too, by closing both at once.
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.forEach(this::closeQuietly);
        }
    }
}
