package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.ConnectionState;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.LogCapture;
import org.wsconnector.impl.RecordingListener.Recorded;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * close-timeout has one owner, the engine: a real peer that never answers our close frame, or one that begins the
 * closing handshake and then never closes TCP, is aborted after close-timeout, with one log line saying so.
 */
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

    @Test
    void aServerThatBeginsTheClosingHandshakeAndKeepsTcpOpenIsAbortedAfterCloseTimeout() throws Exception {
        try (RawWebSocketPeer peer = RawWebSocketPeer.start(RawWebSocketPeer.PongReply.SAME_PAYLOAD,
                RawWebSocketPeer.CloseReply.IGNORE);
             ConnectorUnderTest running = ConnectorUnderTest.client("lingering", "uri", peer.uri(),
                     "close-timeout", "700ms", "reconnect.interval", "50ms");
             LogCapture log = LogCapture.of("org.wsconnector")) {
            DefaultManagedWebSocket lingering = running.connection("lingering");
            lingering.awaitOpen(PATIENCE);

            long start = System.nanoTime();
            peer.sendCloseAndLinger(1001);
            assertThat(peer.awaitCloseFrame(PATIENCE)).as("the client answered the close frame").isTrue();
            assertThat(peer.awaitClientHangUp(Duration.ofMillis(300))).as("no hang-up before close-timeout").isFalse();
            assertThat(peer.awaitClientHangUp(PATIENCE)).as("the client aborted its socket").isTrue();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("[close] server keeping TCP open after its close frame: aborted after %d ms "
                    + "(close-timeout 700ms)%n", tookMillis);
            assertThat(tookMillis).isBetween(650L, 700L + 3_000L);
            Recorded lost = running.events("lingering").awaitFirst(start,
                    r -> r.event().current() == ConnectionState.RECONNECTING, "reconnecting after the lost connection");
            assertThat(lost.event().cause()).get().extracting(Throwable::getMessage).asString()
                    .contains("1001");
            assertThat(log.messages(Level.INFO, "(close-timeout)")).containsExactly("[lingering] the closing "
                    + "handshake did not end within 700ms (close-timeout); aborting the connection");
        }
    }
}
