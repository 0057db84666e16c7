package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.ConnectorUnderTest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/** A real peer that never answers our close frame: the close waits close-timeout, then aborts the socket. */
class CloseTimeoutTest {

    @Test
    void aPeerThatIgnoresTheCloseFrameIsAbortedAfterCloseTimeout() throws Exception {
        try (RawWebSocketPeer peer = RawWebSocketPeer.start(RawWebSocketPeer.PongReply.SAME_PAYLOAD,
                RawWebSocketPeer.CloseReply.IGNORE);
             ConnectorUnderTest running = ConnectorUnderTest.client("stubborn", "uri", peer.uri(),
                     "close-timeout", "700ms")) {
            DefaultManagedWebSocket stubborn = running.connection("stubborn");
            stubborn.awaitOpen(PATIENCE);

            long start = System.nanoTime();
            var closing = stubborn.close().toCompletableFuture();
            assertThat(peer.awaitCloseFrame(PATIENCE)).as("close frame sent").isTrue();
            assertThat(peer.awaitClientHangUp(Duration.ofMillis(300))).as("no hang-up before close-timeout").isFalse();
            closing.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("[close] peer ignoring the close frame: closed after %d ms (close-timeout 700ms)%n",
                    tookMillis);
            // Not before close-timeout; the exact moment is TimeoutTimingTest's, on virtual time.
            assertThat(tookMillis).isGreaterThanOrEqualTo(700L);
            assertThat(stubborn.state()).isEqualTo(CLOSED);
            assertThat(peer.awaitClientHangUp(PATIENCE)).as("the client aborted its socket").isTrue();
        }
    }
}
