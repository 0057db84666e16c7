package org.wsconnector.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP relay on {@code 127.0.0.1} between a client and one target port, whose path can be frozen: the test
 * bed's dead peer that is not dead to the kernel.
 *
 * <p>{@link #freeze()} stops forwarding bytes in both directions, for the connections already relayed and for
 * those accepted while frozen, and keeps every socket open: both ends see an established connection that
 * carries nothing, like a peer whose process hangs or a path that blackholes. Because the relay's kernel
 * still acknowledges what it receives, TCP keepalive does <em>not</em> detect a frozen relay; only an
 * application-level ping with a deadline does. {@link #unfreeze()} forwards again, including what arrived in
 * between. {@link #cutAll()} resets every relayed connection at once and keeps listening.
 *
 * <p>Each relayed connection uses two daemon threads named {@code testbed-relay-...}; {@link #close()} stops them
 * all. Thread-safe.
 */
public final class FreezableRelay implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(FreezableRelay.class.getName());
    private static final int BUFFER_SIZE = 16 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket serverSocket;
    private final ExecutorService pumps = Executors.newCachedThreadPool(TestbedThreads.factory("relay"));
    private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private boolean frozen; // guarded by gate
    private volatile boolean closed;

    private FreezableRelay(InetSocketAddress target, ServerSocket serverSocket) {
        this.target = target;
        this.serverSocket = serverSocket;
    }

    /**
     * Starts relaying from an ephemeral port on {@code 127.0.0.1} to {@code 127.0.0.1:targetPort}.
     *
     * @throws IOException if no port can be bound
     */
    public static FreezableRelay start(int targetPort) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        FreezableRelay relay = new FreezableRelay(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), serverSocket);
        TestbedThreads.start("relay-acceptor", relay::acceptLoop);
        return relay;
    }

    /** @return the port clients connect to */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** @return how many client connections were accepted since start */
    public int acceptedCount() {
        return accepted.get();
    }

    /** @return how many relayed connections are open right now */
    public int openCount() {
        return pairs.size();
    }

    /** Stops forwarding in both directions; every socket stays open. Idempotent. */
    public void freeze() {
        synchronized (gate) {
            frozen = true;
        }
    }

    /** Forwards again, starting with whatever was held back. Idempotent. */
    public void unfreeze() {
        synchronized (gate) {
            frozen = false;
            gate.notifyAll();
        }
    }

    /** @return whether the path is frozen */
    public boolean isFrozen() {
        synchronized (gate) {
            return frozen;
        }
    }

    /**
     * Resets both sockets of every relayed connection (RST, no FIN) and keeps listening.
     *
     * @return how many connections were cut
     */
    public int cutAll() {
        int cut = 0;
        for (Pair pair : pairs) {
            if (pair.close(true)) {
                cut++;
            }
        }
        return cut;
    }

    /** Stops listening, resets every connection and stops the threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        LoopbackSocketServer.closeQuietly(serverSocket);
        cutAll();
        pumps.shutdownNow();
        try {
            if (!pumps.awaitTermination(2, TimeUnit.SECONDS)) {
                LOGGER.warning("relay threads did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FreezableRelay[" + port() + " -> " + target.getPort() + (isFrozen() ? ", frozen" : "") + "]";
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOGGER.log(Level.WARNING, "relay stopped accepting", e);
                }
                return;
            }
            accepted.incrementAndGet();
            Socket upstream = new Socket();
            Pair pair = new Pair(client, upstream);
            pairs.add(pair);
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(target, 5_000);
                pumps.execute(() -> pair.pump(client, upstream));
                pumps.execute(() -> pair.pump(upstream, client));
            } catch (IOException | RejectedExecutionException e) {
                LOGGER.log(Level.FINE, "relay could not reach " + target, e);
                pair.close(false);
            }
        }
    }

    /** Waits while the path is frozen; returns early when the connection was closed meanwhile. */
    private void passGate(Pair pair) throws InterruptedException {
        synchronized (gate) {
            while (frozen && !pair.closed.get() && !closed) {
                gate.wait();
            }
        }
    }

    /** One relayed connection: the client's socket and ours to the target. */
    private final class Pair {
        private final Socket client;
        private final Socket upstream;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicInteger finishedDirections = new AtomicInteger();

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        /** Copies {@code from} to {@code to}; the gate is checked both before reading and before writing. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_SIZE];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    passGate(this);
                    int read = in.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    // Bytes read just before a freeze are held here, not forwarded.
                    passGate(this);
                    if (this.closed.get()) {
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
                to.shutdownOutput(); // pass an orderly end on as a half-close
                if (finishedDirections.incrementAndGet() == 2) {
                    close(false);
                }
            } catch (IOException e) {
                close(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(true);
            }
        }

        /** @return true if this call closed it */
        boolean close(boolean reset) {
            if (!closed.compareAndSet(false, true)) {
                return false;
            }
            pairs.remove(this);
            if (reset) {
                resetOnClose(client);
                resetOnClose(upstream);
            }
            LoopbackSocketServer.closeQuietly(client);
            LoopbackSocketServer.closeQuietly(upstream);
            synchronized (gate) {
                gate.notifyAll(); // wake this pair's pumps if they wait at a frozen gate
            }
            return true;
        }

        private void resetOnClose(Socket socket) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed: nothing to reset
            }
        }
    }
}
