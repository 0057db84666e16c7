package org.wsconnector.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A blocking TCP server on {@code 127.0.0.1} with a bounded number of concurrent connections.
 *
 * <p>One acceptor thread; each connection gets a handler thread, and may borrow one more (for the second
 * direction of a tunnel) through {@link #execute(Runnable)}, so the pool never exceeds twice the
 * connection limit. A connection over the limit goes to the rejection handler on the acceptor thread.
 * {@link #close()} stops the accept loop, closes every socket still open and stops the threads.
 */
final class LoopbackSocketServer implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(LoopbackSocketServer.class.getName());

    /** Handles one accepted connection on its own thread; the server closes the socket afterwards. */
    interface ConnectionHandler {
        void handle(Socket socket) throws IOException;
    }

    private final String name;
    private final ServerSocket serverSocket;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final ConnectionHandler handler;
    private final ConnectionHandler rejectionHandler;
    private volatile boolean closed;

    private LoopbackSocketServer(String name, ServerSocket serverSocket, int maxConnections,
                                 ConnectionHandler handler, ConnectionHandler rejectionHandler) {
        this.name = name;
        this.serverSocket = serverSocket;
        this.permits = new Semaphore(maxConnections);
        this.handler = handler;
        this.rejectionHandler = rejectionHandler;
        this.executor = new ThreadPoolExecutor(0, 2 * maxConnections, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), TestbedThreads.factory(name));
    }

    /**
     * Binds {@code 127.0.0.1:port}; accepting begins with {@link #startAccepting()}, so that the owner can
     * finish its own construction before the first connection reaches its handler.
     *
     * @param name thread name part: threads are {@code testbed-<name>-...}
     */
    static LoopbackSocketServer bind(String name, int port, int maxConnections, ConnectionHandler handler,
                                      ConnectionHandler rejectionHandler) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new LoopbackSocketServer(name, serverSocket, maxConnections, handler, rejectionHandler);
    }

    void startAccepting() {
        TestbedThreads.start(name + "-acceptor", this::acceptLoop);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Runs a second task for a connection that already holds a permit (a tunnel's other direction). */
    void execute(Runnable task) {
        executor.execute(task);
    }

    /** Registers a socket (e.g. a tunnel's upstream) to be closed with the server. */
    void track(Socket socket) {
        openSockets.add(socket);
        if (closed) {
            closeQuietly(socket);
        }
    }

    void untrack(Socket socket) {
        openSockets.remove(socket);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOGGER.log(Level.WARNING, name + " stopped accepting", e);
                }
                return;
            }
            track(socket);
            if (!permits.tryAcquire()) {
                runAndClose(rejectionHandler, socket);
                continue;
            }
            try {
                executor.execute(() -> {
                    try {
                        runAndClose(handler, socket);
                    } finally {
                        permits.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                permits.release();
                closeQuietly(socket);
                untrack(socket);
            }
        }
    }

    private void runAndClose(ConnectionHandler connectionHandler, Socket socket) {
        try {
            connectionHandler.handle(socket);
        } catch (IOException e) {
            LOGGER.log(Level.FINE, name + " connection failed", e);
        } finally {
            closeQuietly(socket);
            untrack(socket);
        }
    }

    /** Stops accepting, closes every open socket and stops all threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        openSockets.forEach(LoopbackSocketServer::closeQuietly);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                LOGGER.warning(name + " threads did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing is best effort; the peer may have gone already
        }
    }
}
