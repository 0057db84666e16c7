package org.wsconnector.testbed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Waits for a program the test bed started as a process to accept connections on its loopback port. */
final class LocalProcessPort {

    private LocalProcessPort() {
    }

    /**
     * Polls {@code 127.0.0.1:port} until it accepts a connection.
     *
     * @param program the program's name, for the failure messages
     * @throws IllegalStateException when the process exits first or the port does not accept within {@code timeout}
     */
    static void awaitAccepting(String program, Process process, int port, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(program + " exited with status " + process.exitValue()
                        + " before accepting connections");
            }
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(program + " did not accept connections on 127.0.0.1:" + port
                            + " within " + timeout.toMillis() + " ms");
                }
            }
            try {
                Thread.sleep(20); // a process start has no event to wait on: poll the port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AwaitTimeoutException("interrupted while waiting for " + program);
            }
        }
    }
}
