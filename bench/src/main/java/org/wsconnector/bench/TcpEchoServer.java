package org.wsconnector.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain TCP echo on 127.0.0.1 for the plain-socket floor: writes back every byte it reads, on the same connection.
 * A thread per connection: the floor runs a handful of connections, and blocking I/O is the cheapest path per byte.
 */
final class TcpEchoServer implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    private TcpEchoServer() throws IOException {
        listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
    }

    static TcpEchoServer start() throws IOException {
        TcpEchoServer server = new TcpEchoServer();
        daemon(server::acceptLoop, "tcp-echo-accept").start();
        return server;
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                daemon(() -> echo(socket), "tcp-echo").start();
            } catch (IOException e) {
                // closed listener ends the loop; any other accept failure only loses that one connection
            }
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // the peer went away: nothing to report on a benchmark server
        } finally {
            connections.remove(socket);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
