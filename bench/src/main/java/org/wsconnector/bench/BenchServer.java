package org.wsconnector.bench;

import java.io.IOException;
import java.nio.file.Path;

import org.wsconnector.testbed.EchoServer;

/**
 * The echo server JVM: the testbed's Tyrus/Grizzly {@link EchoServer}, plain and TLS, on ephemeral loopback ports.
 * Prints {@code READY <ws-uri> <wss-uri>} once listening and runs until its standard input ends (the parent closes
 * it, or dies), so an orphan never outlives the benchmark.
 *
 * <p>Arguments: the PKCS12 server key store and its password.
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = args[1].toCharArray();
        try (EchoServer ws = EchoServer.builder().start();
             EchoServer wss = EchoServer.builder().tls(Path.of(args[0]), password).start()) {
            System.out.println("READY " + ws.uri() + " " + wss.uri());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        }
    }
}
