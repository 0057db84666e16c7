package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.FrameSequenceMutations.Sequence;
import org.wsconnector.impl.UpgradeReplyMutations.Reply;
import org.wsconnector.impl.engine.PeerText;
import org.wsconnector.impl.tyrus.RawServer;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.testbed.EchoServer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * A raw server answers each connect attempt of one client with a seeded upgrade reply ({@link UpgradeReplyMutations})
 * and, when that reply is a valid 101, a seeded frame sequence ({@link FrameSequenceMutations}). Every attempt ends as
 * RFC 6455 says — a refused upgrade with its specific exception, a protocol error closed with its code (1002, 1007,
 * 1009), a close answered — the messages before the ending are delivered, the client reconnects, and another client on
 * the same I/O loop keeps echoing throughout. A failure names the seed and iteration to replay ({@link FuzzSettings}).
 */
class UpgradeAndFrameFuzzTest {
    private static final long DEFAULT_SEED = 6455;
    private static final int DEFAULT_ITERATIONS = 150;
    private static final String FUZZED = "fuzzed";
    private static final String HEALTHY = "healthy";
    private static final int FD_TOLERANCE = 3;
    private static final int OP_PONG = 0xA;

    @Test
    void everyFuzzedReplyAndFrameSequenceEndsAsRfc6455SaysAndTheClientReconnects() throws Exception {
        FuzzSettings fuzz = FuzzSettings.read(DEFAULT_SEED, DEFAULT_ITERATIONS);
        ConnectorResources before = ConnectorResources.settled();
        Map<String, Integer> outcomes = new TreeMap<>();
        long started = System.nanoTime();
        ConnectorResources afterFirst = null;
        try (LogCapture log = LogCapture.of("org.wsconnector");
             EchoServer echo = EchoServer.builder().start();
             RawServer server = RawServer.start();
             ConnectorUnderTest connector = connector(server, echo)) {
            connector.connection(HEALTHY).awaitOpen(WAIT);
            connector.connection(FUZZED).open();
            for (int iteration : fuzz.run().toArray()) {
                String outcome = iteration(connector, server, fuzz.random(iteration), fuzz.replay(iteration));
                outcomes.merge(outcome, 1, Integer::sum);
                if (iteration % 10 == 0) {
                    echoes(connector, "after " + fuzz.replay(iteration));
                }
                afterFirst = afterFirst == null ? ConnectorResources.now() : afterFirst;
            }
            echoes(connector, "at the end");
            // One more accepted attempt: the client still reconnects after the last case.
            server.accept().close();
            // Threads come and go with attempts and callbacks; a socket left behind by any case would stay.
            ConnectorResources.awaitFileDescriptorsBackTo(afterFirst, FD_TOLERANCE);
            log.allTexts().forEach(text -> HostileInputAssertions.assertSafe(text, "a log line of the connector"));
        }
        ConnectorResources after = ConnectorResources.awaitBackTo(new ConnectorResources(before.threads(),
                afterFirst.fds()), 0);
        System.out.printf("upgrade and frame fuzz: seed %d, %d iteration(s) in %d ms, outcomes %s; threads %d -> %d, "
                        + "fds %d (after the first case) -> %d%n", fuzz.seed(), fuzz.run().count(),
                (System.nanoTime() - started) / 1_000_000, outcomes, before.threads(), after.threads(),
                afterFirst.fds(), after.fds());
    }

    /** One attempt: the upgrade reply, frames if it opened, the ending; returns a one-word outcome for the tally. */
    private static String iteration(ConnectorUnderTest connector, RawServer server, SplittableRandom random,
                                     String replay) throws Exception {
        RecordingListener events = connector.events(FUZZED);
        int lostBefore = events.eventsInto(ConnectionState.RECONNECTING).size();
        int opensBefore = events.eventsInto(ConnectionState.OPEN).size();
        int textsBefore = events.texts().size();
        int binariesBefore = events.binaries().size();
        Reply reply = UpgradeReplyMutations.next(random);
        Sequence frames = reply.opens() ? FrameSequenceMutations.next(random) : null;
        String what = replay + ": " + PeerText.quote(reply.summary() + (frames == null ? "" : "; " + frames));
        List<String> pongs = new ArrayList<>();
        int closeCode;
        try (Peer peer = server.accept()) {
            closeCode = reply.opens() ? playFrames(peer, reply, frames, random, pongs) : refuse(peer, reply);
        }
        ConnectionStateChanged lost = events.awaitEntered(ConnectionState.RECONNECTING, lostBefore + 1);
        WebSocketConnectorException cause = lost.cause().orElseThrow();
        HostileInputAssertions.assertMessagesAreSafe(cause, what);
        HostileInputAssertions.assertNoProgrammingErrorIn(cause, what);
        if (!reply.opens()) {
            assertThat(cause).as("the failure of %s", what).isExactlyInstanceOf(reply.expected());
            if (reply.status() >= 0) {
                assertThat(((UpgradeRejectedException) cause).status().orElse(0)).as(what).isEqualTo(reply.status());
            }
            return cause.getClass().getSimpleName();
        }
        assertThat(events.eventsInto(ConnectionState.OPEN)).as("opened: %s", what).hasSize(opensBefore + 1);
        if (frames.closeCode() != FrameSequenceMutations.ANY_CODE) {
            assertThat(closeCode).as("the client's close code for %s", what).isEqualTo(frames.closeCode());
        }
        if (closeCode != FrameSequenceMutations.NO_CLOSE_FRAME) {
            assertThat(pongs).as("the pongs before the close frame, for %s", what).isEqualTo(frames.pings());
        }
        assertThat(cause).as("the cause of %s", what).isExactlyInstanceOf(frames.reportedAs());
        assertThat(cause.getMessage()).as(what).contains(String.valueOf(frames.reportedCode()));
        List<String> texts = events.texts();
        assertThat(texts.subList(textsBefore, texts.size())).as("texts of %s", what).isEqualTo(frames.texts());
        List<byte[]> binaries = events.binaries();
        assertThat(binaries.subList(binariesBefore, binaries.size()).stream().map(FrameSequenceMutations::hex))
                .as("binaries of %s", what).containsExactlyElementsOf(frames.binaries());
        return "close " + closeCode;
    }

    /** Answers with a refusal; returns -1. */
    private static int refuse(Peer peer, Reply reply) throws IOException {
        if (!reply.head().isEmpty()) {
            peer.answer(reply.head(peer.acceptValue()));
        }
        if (reply.holdOpen()) {
            drainUntilClientCloses(peer);
        }
        return -1; // else closing right after the reply: the client has what it needs, or must notice the close
    }

    /**
     * Answers 101, sends the frames in a few writes (the first one with the reply itself), then ends as the sequence
     * says; returns the code of the client's close frame, or {@link FrameSequenceMutations#NO_CLOSE_FRAME}.
     */
    private static int playFrames(Peer peer, Reply reply, Sequence frames, SplittableRandom random,
                                  List<String> pongs) throws IOException, InterruptedException {
        byte[] bytes = frames.bytes();
        int first = random.nextBoolean() ? 0 : random.nextInt(bytes.length + 1);
        peer.answer(reply.head(peer.acceptValue()), Arrays.copyOf(bytes, first));
        try {
            for (int at = first; at < bytes.length; ) {
                int end = Math.min(bytes.length, at + 1 + random.nextInt(Math.max(1, bytes.length / 2)));
                Thread.sleep(random.nextInt(3)); // separate reads: headers split anywhere
                peer.send(Arrays.copyOfRange(bytes, at, end));
                at = end;
            }
        } catch (IOException clientGaveUp) {
            // the client failed the connection before the rest arrived; its close frame tells why
        }
        if (frames.closeCode() == FrameSequenceMutations.NO_CLOSE_FRAME) {
            peer.channel().shutdownOutput(); // FIN, not RST: the client must read everything before the end
            drainUntilClientCloses(peer);
            return FrameSequenceMutations.NO_CLOSE_FRAME;
        }
        return closeFrameCode(peer, pongs);
    }

    /**
     * Reads the client's frames up to its close frame, collecting the payloads of its pongs (hex); returns the code
     * of the close frame, or NO_CLOSE_FRAME at end of stream.
     */
    private static int closeFrameCode(Peer peer, List<String> pongs) throws IOException {
        try {
            RawServer.Peer.Frame frame = peer.readFrame();
            while (frame.opcode() != RawServer.OP_CLOSE) {
                if (frame.opcode() == OP_PONG) {
                    pongs.add(FrameSequenceMutations.hex(frame.payload()));
                }
                frame = peer.readFrame();
            }
            return frame.closeCode();
        } catch (EOFException ended) {
            return FrameSequenceMutations.NO_CLOSE_FRAME;
        }
    }

    private static void drainUntilClientCloses(Peer peer) throws IOException {
        InputStream in = peer.channel().socket().getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // what the client sends after the end does not matter
            }
        } catch (IOException reset) {
            // the client may reset instead of closing
        }
    }

    /** The healthy client on the same I/O loop still makes a round trip. */
    private static void echoes(ConnectorUnderTest connector, String when) throws Exception {
        RecordingListener healthy = connector.events(HEALTHY);
        String text = "still echoing " + when;
        int received = healthy.texts().size();
        connector.connection(HEALTHY).sendText(text).toCompletableFuture().get();
        healthy.awaitTexts(received + 1);
        assertThat(healthy.texts()).as("the healthy client, " + when).endsWith(text);
        assertThat(healthy.states()).as("the healthy client, " + when)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
    }

    private static ConnectorUnderTest connector(RawServer server, EchoServer echo) throws IOException {
        Map<String, String> properties = ConnectorUnderTest.properties(FUZZED, "uri", server.uri(),
                "protocols", String.join(",", UpgradeReplyMutations.PROTOCOLS),
                "max-message-size", FrameSequenceMutations.MAX_MESSAGE_SIZE, "connection-timeout", "1s",
                "close-timeout", "2s", "reconnect.interval", "10ms", "reconnect.multiplier", "1",
                "reconnect.jitter", "0");
        properties.putAll(ConnectorUnderTest.properties(HEALTHY, "uri", echo.uri()));
        return ConnectorUnderTest.withProperties(properties);
    }
}
