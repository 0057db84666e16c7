package org.wsconnector.impl.tyrus;

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
final class IoLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IoLoop.class.getName());

    /** What the loop calls back for a registered channel; runs on the loop's thread and must not block. */
    interface Handler {
        void readable();

        void writable();

        /** The loop is stopping or the key died: release the connection. */
        void closed(String reason);
    }

    private final ThreadFactory threads;
    private final ReceiveBuffers receiveBuffers = new ReceiveBuffers();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean closing;

    IoLoop(ThreadFactory threads) {
        this.threads = threads;
    }

    /** Registers a channel (already non-blocking) for reads; {@code onRegistered} receives its key. */
    void register(java.nio.channels.SocketChannel channel, Handler handler,
                  java.util.function.Consumer<SelectionKey> onRegistered) throws IOException {
        Selector current = started();
        execute(() -> {
            try {
                SelectionKey key = channel.register(current, SelectionKey.OP_READ, handler);
                onRegistered.accept(key);
                handler.readable(); // bytes that arrived with the upgrade reply are already buffered
            } catch (IOException | RuntimeException e) {
                handler.closed("cannot register the connection: " + e);
            }
        });
    }

    /** The receive buffers every connection of this loop reads into; only for use on the loop's thread. */
    ReceiveBuffers receiveBuffers() {
        return receiveBuffers;
    }

    void execute(Runnable task) {
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
                    task.run();
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
                ((Handler) key.attachment()).closed("the connector is shutting down");
            }
            try {
                current.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
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
        } catch (RuntimeException e) {
            // A failing callback must not stop the loop that serves every other connection.
            LOG.log(Level.WARNING, "connection handler failed", e);
            handler.closed("handler failed: " + e);
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
