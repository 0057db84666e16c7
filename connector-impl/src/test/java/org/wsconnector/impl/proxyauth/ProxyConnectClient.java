package org.wsconnector.impl.proxyauth;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** CONNECT requests on one kept-alive connection to a proxy, written by hand: what a proxy sees, nothing more. */
final class ProxyConnectClient implements AutoCloseable {
    private static final int MAX_HEAD = 16 * 1024;
    private final Socket socket;

    ProxyConnectClient(int proxyPort) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
        socket.setSoTimeout(10_000);
    }

    /** Sends CONNECT for {@code target}, with {@code proxyAuthorization} when not null; returns the reply head. */
    String connect(String target, String proxyAuthorization) throws IOException {
        String request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n"
                + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return readHeadAndBody();
    }

    /** The head, after which a body of Content-Length (squid's error page) is skipped so that the next reply reads. */
    private String readHeadAndBody() throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1 || head.length() > MAX_HEAD) {
                throw new IOException("no complete reply head: " + head);
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return head.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
