package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port for a process that binds it a moment later (a JGroups member fails loudly if it was taken). */
public final class FreePort {
    private FreePort() {
    }

    /** A port free now on loopback. */
    public static int onLoopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
