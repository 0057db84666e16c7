package org.wsconnector.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a TCP connect never completes: a listener that never accepts, its accept queue filled by
 * connections of its own. Linux then drops further SYNs instead of answering them, so a client's connect hangs in
 * SYN retries, as it does towards a host that has gone silent, without leaving loopback.
 */
final class FullAcceptQueue implements AutoCloseable {
    /** Linux completes backlog + 1 handshakes; a few more in case a kernel counts differently. */
    private static final int MAX_FILLERS = 16;
    private static final long FILLER_PATIENCE_MILLIS = 300;

    private final ServerSocket listener;
    private final List<SocketChannel> fillers = new ArrayList<>();

    FullAcceptQueue() throws IOException, InterruptedException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        try {
            fill();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connects until one connect stays pending: from then on the queue is full. */
    private void fill() throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
        for (int i = 0; i < MAX_FILLERS; i++) {
            SocketChannel filler = SocketChannel.open();
            fillers.add(filler);
            filler.configureBlocking(false);
            if (!filler.connect(address) && !connectedWithin(filler)) {
                return;
            }
        }
        throw new IllegalStateException("every one of " + MAX_FILLERS + " connects completed: the accept queue of "
                + "this kernel never fills, so no connect can be made to hang");
    }

    private static boolean connectedWithin(SocketChannel filler) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + FILLER_PATIENCE_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (filler.finishConnect()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        for (SocketChannel filler : fillers) {
            try {
                filler.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
