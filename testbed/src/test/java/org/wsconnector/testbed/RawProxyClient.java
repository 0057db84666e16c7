package org.wsconnector.testbed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A hand-driven proxy client on a plain socket: exactly the bytes a test wants, nothing more. */
final class RawProxyClient implements AutoCloseable {

    final Socket socket;

    RawProxyClient(int proxyPort) throws IOException {
        socket = new Socket("127.0.0.1", proxyPort);
        socket.setSoTimeout(5000);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    void connect(String target, String proxyAuthorization) throws IOException {
        send("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n")
                + "\r\n");
    }

    /** Sends a WebSocket upgrade request for {@code path} through the open tunnel. */
    void upgrade(String hostPort, String path, String authorization) throws IOException {
        send("GET " + path + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n");
    }

    /** Reads up to and including the blank line that ends a response head. */
    String readHead() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("EOF after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** Reads until the peer closes; returns everything read. */
    String readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        socket.getInputStream().transferTo(all);
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    /** @return whether nothing arrives within {@code millis} (the peer stays silent and open) */
    boolean staysSilentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() == -2;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(5000);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
