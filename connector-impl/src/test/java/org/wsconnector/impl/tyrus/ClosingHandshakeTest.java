package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * The transport begins the closing handshake and reports it ({@code onClosing}, once), then waits for the server to
 * close TCP with no timer of its own: close-timeout is the engine's alone, and an abort ends the wait.
 */
class ClosingHandshakeTest extends AgainstRawServer {

    @Test
    void aServerCloseIsReportedOnceAndWaitedForUntilTheAbort() throws Exception {
        Connecting client = transport.connect("closing", server.uri(), "close-timeout", "200ms");
        client.events().boundClosing(() -> { }); // no engine: nothing but the abort below may end the wait
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            client.awaitLink();

            peer.send(RawServer.frame(RawServer.OP_CLOSE, true, new byte[]{0x03, (byte) 0xE9})); // 1001

            assertThat(peer.readUntilCloseFrame().closeCode()).as("the client's answer").isEqualTo(1001);
            await("the closing handshake reported").atMost(PATIENCE).until(() -> client.events().closings() == 1);
            await("no end of its own, well past close-timeout").during(Duration.ofSeconds(1)).atMost(PATIENCE)
                    .until(() -> !client.events().isClosed());

            client.attempt().abort();
            RecordedEvents.Closed closed = client.events().awaitClosed();
            assertThat(closed.code()).isEqualTo(1001);
            assertThat(client.events().closings()).isEqualTo(1);
        }
    }
}
