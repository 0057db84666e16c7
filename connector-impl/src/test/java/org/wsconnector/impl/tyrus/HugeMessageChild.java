package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The other end of {@link HugeMessageTest}, run by it in a JVM with a small heap: a raw server streams one 256 MB
 * message to a client with the default max-message-size (16 MiB), in one frame and then in 1 MB fragments, and this
 * prints {@code CLOSED <shape> <code> <failure class>} for each; a client that buffered the message would run out of
 * heap long before its end.
 */
public final class HugeMessageChild {
    static final long MESSAGE_SIZE = 256L * 1024 * 1024;
    private static final int CHUNK = 1024 * 1024;

    private HugeMessageChild() {
    }

    public static void main(String[] args) throws Exception {
        try (RawServer server = RawServer.start(); TransportUnderTest transport = new TransportUnderTest()) {
            for (boolean fragmented : new boolean[] {false, true}) {
                Connecting client = transport.connect("huge", server.uri(), "close-timeout", "1s");
                try (Peer peer = server.accept()) {
                    peer.answerUpgrade();
                    client.awaitLink();
                    CompletableFuture<Void> streaming = CompletableFuture.runAsync(() -> stream(peer, fragmented));
                    RecordedEvents.Closed closed = client.events().awaitClosed();
                    System.out.println("CLOSED " + (fragmented ? "fragmented" : "one-frame") + " " + closed.code()
                            + " " + (closed.failure() == null ? "-" : closed.failure().getClass().getSimpleName()));
                    streaming.join();
                }
            }
        }
        System.out.flush();
        System.exit(0);
    }

    /** Streams the message until it is all sent or the client has gone; then closes, as a server would. */
    private static void stream(Peer peer, boolean fragmented) {
        byte[] chunk = new byte[CHUNK];
        try {
            if (!fragmented) {
                peer.send(RawServer.header(RawServer.OP_BINARY, true, MESSAGE_SIZE));
            }
            for (long sent = 0; sent < MESSAGE_SIZE; sent += CHUNK) {
                if (fragmented) {
                    int opcode = sent == 0 ? RawServer.OP_BINARY : RawServer.OP_CONTINUATION;
                    peer.send(RawServer.header(opcode, sent + CHUNK >= MESSAGE_SIZE, CHUNK));
                }
                peer.send(chunk);
            }
        } catch (IOException clientGone) {
            // the client closed after refusing the message
        } finally {
            try {
                peer.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
