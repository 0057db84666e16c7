package org.wsconnector.impl.transport;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread that reads every open connection of the connector, so the number of threads does not grow with
 * the number of connections. Started with the first connection, stopped by {@link #close()}.
 * Work for the loop's thread (registrations) goes through {@link #execute}, which wakes the selector.
 */
public final class IoLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IoLoop.class.getName());

    /** What the loop calls back for a registered channel; runs on the loop's thread and must not block. */
    public interface Handler {
        void readable();

        void writable();

        /** The loop is stopping or the key died: release the connection. */
        void closed(String reason);

        /**
         * A callback of this handler threw — an {@link Error} included, such as an OutOfMemoryError while buffering
         * one peer's data: end this connection with {@code failure} as its cause. Must not throw.
         */
        void handlingFailed(Throwable failure);
    }

    private final ThreadFactory threads;
    private final ReceiveBuffers receiveBuffers = new ReceiveBuffers();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean closing;

    public IoLoop(ThreadFactory threads) {
        this.threads = threads;
    }

    /** Registers a channel (already non-blocking) for reads; {@code onRegistered} receives its key. */
    public void register(java.nio.channels.SocketChannel channel, Handler handler,
                         java.util.function.Consumer<SelectionKey> onRegistered) throws IOException {
        Selector current = started();
        execute(() -> {
            try {
                SelectionKey key = channel.register(current, SelectionKey.OP_READ, handler);
                onRegistered.accept(key);
                handler.readable(); // bytes that arrived with the upgrade reply are already buffered
            } catch (IOException e) {
                handler.closed("cannot register the connection: " + e);
            } catch (Throwable failure) {
                endFailed(channel.keyFor(current), handler, failure);
            }
        });
    }

    /** The receive buffers every connection of this loop reads into; only for use on the loop's thread. */
    public ReceiveBuffers receiveBuffers() {
        return receiveBuffers;
    }

    public void execute(Runnable task) {
        tasks.add(task);
        Selector current;
        synchronized (this) {
            current = selector;
        }
        if (current != null) {
            current.wakeup();
        }
    }

    private synchronized Selector started() throws IOException {
        if (closing) {
            throw new IOException("the connector is shutting down");
        }
        if (selector == null) {
            selector = Selector.open();
            thread = threads.newThread(this::run);
            thread.start();
        }
        return selector;
    }

    private void run() {
        Selector current;
        synchronized (this) {
            current = selector;
        }
        try {
            while (!closing) {
                current.select();
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSurviving(task);
                }
                for (SelectionKey key : current.selectedKeys()) {
                    dispatch(key);
                }
                current.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closing) {
                LOG.log(Level.SEVERE, "ws-connector I/O loop failed; every connection is dropped", e);
            }
        } finally {
            for (SelectionKey key : current.keys()) {
                runSurviving(() -> ((Handler) key.attachment()).closed("the connector is shutting down"));
            }
            try {
                current.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /**
     * This thread serves every connection: nothing one task throws may end it, not even an {@link Error}. The JVM may
     * be in trouble after one (an OutOfMemoryError), but usually one peer's oversized data caused it and that peer's
     * connection has already let go of it; the other connections deserve to go on.
     */
    private static void runSurviving(Runnable task) {
        try {
            task.run();
        } catch (Throwable failure) {
            LOG.log(Level.SEVERE, "ws-connector I/O task failed; the I/O loop goes on", failure);
        }
    }

    private static void dispatch(SelectionKey key) {
        Handler handler = (Handler) key.attachment();
        try {
            if (key.isValid() && key.isWritable()) {
                handler.writable();
            }
            if (key.isValid() && key.isReadable()) {
                handler.readable();
            }
        } catch (CancelledKeyException e) {
            handler.closed("connection closed");
        } catch (Throwable failure) {
            // Handlers end their own connection on failure; this is the last line that keeps the loop alive.
            LOG.log(Level.WARNING, "connection handler failed", failure);
            endFailed(key, handler, failure);
        }
    }

    private static void endFailed(SelectionKey key, Handler handler, Throwable failure) {
        try {
            handler.handlingFailed(failure);
        } catch (Throwable again) {
            // Even ending it failed (the heap may still be short): at least stop selecting a broken connection.
            if (key != null) {
                key.cancel();
            }
            LOG.log(Level.SEVERE, "cannot end a failed connection", again);
        }
    }

    /** Stops the thread and releases every still-registered connection. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closing = true;
            running = thread;
            if (selector != null) {
                selector.wakeup();
            }
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
