package org.wsconnector.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Relays bytes both ways between a client socket and an upstream socket until both directions end.
 *
 * <p>An orderly end of one direction is passed on as a half-close ({@code shutdownOutput}), so a peer
 * that finishes sending can still receive the reply; an error in either direction, or {@link #close()},
 * closes both sockets at once, which is how a proxy cuts a live tunnel.
 */
final class Tunnel implements AutoCloseable {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final Socket client;
    private final InputStream clientIn;
    private final Socket upstream;
    private final Consumer<Tunnel> onClosed;
    private final AtomicInteger finishedDirections = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);

    /**
     * @param clientIn the client's input stream, possibly buffered past the CONNECT head
     * @param onClosed runs once when the tunnel has closed both sockets
     */
    Tunnel(Socket client, InputStream clientIn, Socket upstream, Consumer<Tunnel> onClosed) {
        this.client = client;
        this.clientIn = clientIn;
        this.upstream = upstream;
        this.onClosed = onClosed;
    }

    /**
     * Relays upstream-to-client on a thread from {@code executor}, client-to-upstream on the calling
     * thread, and returns when the tunnel has closed.
     */
    void run(Consumer<Runnable> executor) {
        try {
            executor.accept(() -> {
                try {
                    pump(upstream.getInputStream(), client);
                } catch (IOException e) {
                    close();
                }
            });
        } catch (RejectedExecutionException e) {
            close();
            return;
        }
        pump(clientIn, upstream);
        try {
            // The other direction may still carry the reply to a half-close; stay until it ends.
            closedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    private void pump(InputStream from, Socket to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = from.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
            if (finishedDirections.incrementAndGet() == 2) {
                close();
            }
        } catch (IOException e) {
            close();
        }
    }

    /** Closes both sockets. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LoopbackSocketServer.closeQuietly(client);
            LoopbackSocketServer.closeQuietly(upstream);
            closedLatch.countDown();
            onClosed.accept(this);
        }
    }
}
