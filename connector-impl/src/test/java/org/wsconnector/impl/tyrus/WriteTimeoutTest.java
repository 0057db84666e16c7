package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.wsconnector.WriteTimeoutException;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * A server that stops reading must not hold our sends forever: once queued bytes have made no progress for
 * write-timeout the connection is aborted, the sends still queued fail, and the engine hears why.
 */
class WriteTimeoutTest {
    private static final ByteBuffer CHUNK = ByteBuffer.allocate(64 * 1024);

    @Test
    void queuedBytesThatMakeNoProgressForWriteTimeoutAbortTheConnectionWithWriteTimeoutException() throws Exception {
        try (RawServer server = RawServer.start(); TransportUnderTest transport = new TransportUnderTest()) {
            Connecting client = transport.connect("stuck", server.uri(), "write-timeout", "2s");
            try (Peer peer = server.accept()) { // never reads after the upgrade
                peer.answerUpgrade();
                Link link = client.awaitLink();

                List<CompletableFuture<Void>> sends = new ArrayList<>();
                await("a send the socket cannot take").atMost(PATIENCE).until(() -> {
                    CompletableFuture<Void> sent = link.sendBinary(CHUNK.duplicate()).toCompletableFuture();
                    sends.add(sent);
                    return !sent.isDone();
                });

                RecordedEvents.Closed closed = client.events().awaitClosed();
                assertThat(closed.code()).isEqualTo(1006);
                assertThat(closed.failure()).isInstanceOf(WriteTimeoutException.class)
                        .hasMessageMatching(".* \\d+ bytes queued for sending made no progress for 2s "
                                + "\\(write-timeout\\).*");
                assertThat(sends.get(sends.size() - 1)).failsWithin(PATIENCE);
            }
        }
    }
}
