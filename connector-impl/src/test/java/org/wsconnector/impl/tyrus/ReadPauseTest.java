package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * Pausing a link's reading stops reading its socket, so TCP pushes back on that server alone: its writes stall once
 * the kernel buffers between us are full, while our sends still go out. Nothing is lost; resuming delivers every
 * message in order — also those that arrived with the upgrade reply of a link paused before the I/O loop took it.
 */
class ReadPauseTest extends AgainstRawServer {
    /** Far more than loopback socket buffers hold, so the server must stall long before writing it all. */
    private static final int MESSAGES = 4_000;
    private static final String FILLER = "x".repeat(16 * 1024);
    /** How long "the server makes no progress" must hold: a plateau, not a passing hiccup. */
    private static final Duration PLATEAU = Duration.ofMillis(500);

    @Test
    void whilePausedTheServersWritesStallOurSendsStillGoOutAndResumeDeliversEverythingInOrder() throws Exception {
        Connecting client = transport.connect("paused", server.uri());
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            Link link = client.awaitLink();
            link.pauseReading();
            link.pauseReading(); // idempotent

            List<ByteBuffer> frames = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                frames.add(ByteBuffer.wrap(RawServer.textFrame(message(i))));
            }
            peer.channel().configureBlocking(false);
            int stalledAt = writeUntilTheSocketTakesNoMore(peer, frames);
            assertThat(stalledAt).as("frames the server could write before stalling").isLessThan(MESSAGES);
            await("the server making no progress").during(PLATEAU).atMost(PATIENCE)
                    .until(() -> peer.channel().write(frames.get(stalledAt)) == 0
                            && client.events().texts().isEmpty());

            peer.channel().configureBlocking(true);
            assertThat(link.sendText("sent while paused")).succeedsWithin(PATIENCE);
            assertThat(peer.readFrame().text()).isEqualTo("sent while paused");

            link.resumeReading();
            link.resumeReading(); // idempotent
            for (ByteBuffer frame : frames.subList(stalledAt, MESSAGES)) {
                while (frame.hasRemaining()) {
                    peer.channel().write(frame);
                }
            }
            await("every message").atMost(PATIENCE).until(() -> client.events().texts().size() == MESSAGES);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add(message(i));
            }
            assertThat(client.events().texts()).isEqualTo(expected);
        }
    }

    @Test
    void aLinkPausedBeforeTheIoLoopTakesItStartsPausedEvenForFramesThatCameWithTheUpgradeReply() throws Exception {
        Connecting client = transport.connect("paused-early", server.uri());
        // Runs on the attempt's thread as it completes the result, before it hands the connection to the I/O loop.
        client.attempt().result().thenAccept(Link::pauseReading);
        try (Peer peer = server.accept()) {
            peer.answerUpgrade(RawServer.textFrame("first"), RawServer.textFrame("second"));
            Link link = client.awaitLink();

            await("nothing delivered while paused").during(PLATEAU).atMost(PATIENCE)
                    .until(() -> client.events().texts().isEmpty());

            link.resumeReading();
            await("both messages").atMost(PATIENCE).until(() -> client.events().texts().size() == 2);
            assertThat(client.events().texts()).containsExactly("first", "second");
        }
    }

    /** Writes frames in order until the non-blocking socket takes no more; returns the index of the partial one. */
    private static int writeUntilTheSocketTakesNoMore(Peer peer, List<ByteBuffer> frames) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE.toSeconds());
        for (int i = 0; i < frames.size(); i++) {
            ByteBuffer frame = frames.get(i);
            peer.channel().write(frame);
            if (frame.hasRemaining()) {
                return i;
            }
            assertThat(System.nanoTime()).as("still writing after the test's patience").isLessThan(deadline);
        }
        return frames.size();
    }

    private static String message(int index) {
        return index + ":" + FILLER;
    }
}
