package org.wsconnector.bench;

import java.nio.file.Path;

import org.wsconnector.testbed.ConnectProxy;

/**
 * The server JVM of the benchmark: a Jetty 12 WebSocket echo server (plain and TLS), a plain TCP echo server for the
 * socket floor, and the testbed's CONNECT proxy, all on 127.0.0.1 ephemeral ports. Prints one line
 * {@code READY ws=<uri> wss=<uri> tcp=tcp://127.0.0.1:<port> proxy=127.0.0.1:<port>} and runs until its standard
 * input ends (the parent closes it, or dies), so an orphan never outlives the benchmark. Standard output carries
 * nothing else.
 *
 * <p>Arguments: the PKCS12 server key store (its SAN must hold 127.0.0.1) and its password.
 */
public final class BenchServer {
    /** Tunnels the proxy holds at once before answering 503; above the benchmark's idle-connection count. */
    private static final int PROXY_MAX_CONNECTIONS = 1024;

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        try (JettyEchoServer echo = JettyEchoServer.start(Path.of(args[0]), password);
             TcpEchoServer tcp = TcpEchoServer.start();
             ConnectProxy proxy = ConnectProxy.builder().maxConnections(PROXY_MAX_CONNECTIONS).start()) {
            System.out.println("READY ws=" + echo.wsUri() + " wss=" + echo.wssUri() + " tcp=tcp://127.0.0.1:"
                    + tcp.port() + " proxy=127.0.0.1:" + proxy.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        }
    }
}
