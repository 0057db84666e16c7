package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.DeadPeerException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.LogCapture;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.RecordingListener.Recorded;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/** WebSocket PING/PONG dead-peer detection against a frozen path and against a peer whose PONGs are not ours. */
class PingDeadPeerDetectionTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final int PROBES = 3;

    private static Map<String, String> pinging(String name, Object uri) {
        return ConnectorUnderTest.properties(name, "uri", uri,
                "ping.interval", INTERVAL.toMillis() + "ms",
                "ping.probes", String.valueOf(PROBES),
                "connection-timeout", "1s",
                "reconnect.interval", "200ms",
                "reconnect.max-interval", "500ms");
    }

    @Test
    void aFrozenPathIsDeclaredDeadWithinTheProbeBoundAndTheClientReconnectsOnceItThaws() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay relay = FreezableRelay.start(server.port());
             LogCapture log = LogCapture.of("org.wsconnector");
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(
                     pinging("frozen", "ws://127.0.0.1:" + relay.port() + "/echo"))) {
            DefaultManagedWebSocket frozen = running.connection("frozen");
            RecordingListener states = running.events();
            frozen.awaitOpen(PATIENCE);
            // The path works and our pings are answered before we freeze it.
            await().atMost(PATIENCE).until(() -> frozen.lastPingRoundTrip().isPresent());

            long frozenAt = System.nanoTime();
            relay.freeze();
            Recorded lost = states.awaitFirst(frozenAt, r -> r.is(OPEN, RECONNECTING), "OPEN -> RECONNECTING");

            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            // At least ping.probes pings unanswered: a tick that a busy machine runs early against the oldest ping's
            // age sends one more before the verdict (seen under load: 4), so the count is a floor, not an exact value.
            assertThat(lost.event().cause().get().getMessage())
                    .containsPattern("dead peer: [" + PROBES + "-9] pings unanswered over 900ms");
            // Never before (probes - 1/2) x interval after the freeze (a ping in flight at the freeze could make it
            // one interval earlier, which on loopback is well under a millisecond). How late is not asserted on the
            // real clock, which a busy machine delays: PingTimingTest asserts the moment exactly on virtual time.
            long detectedMillis = (lost.nanos() - frozenAt) / 1_000_000;
            long lowerBound = PROBES * INTERVAL.toMillis() - INTERVAL.toMillis() / 2;
            System.out.printf("[keepalive] frozen path: dead peer detected after %d ms; formula (%d, %d] ms%n",
                    detectedMillis, PROBES * INTERVAL.toMillis(), (PROBES + 1) * INTERVAL.toMillis());
            assertThat(detectedMillis).isGreaterThanOrEqualTo(lowerBound);

            // While frozen, attempts time out and are retried (INFO); the dead peer itself is one WARNING.
            await().atMost(PATIENCE).until(() -> relay.acceptedCount() >= 2);
            relay.unfreeze();
            Recorded reopened = states.awaitFirst(lost.nanos(), r -> r.event().current() == OPEN,
                    "OPEN again after the path thawed");
            assertThat(frozen.state()).isEqualTo(OPEN);
            assertThat(log.messages(Level.WARNING, "[frozen]")).singleElement().asString()
                    .containsPattern("dead peer: [" + PROBES + "-9] pings unanswered")
                    .contains("aborting the connection");
            // An operator sees it working too: one INFO line when it opened, one when it recovered.
            // Each with its attempt and how long the client was not open; the outage at least the detection time.
            List<String> opened = log.messages(Level.INFO, "[frozen] open");
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0)).matches(Pattern.quote("[frozen] open to 127.0.0.1:" + relay.port()
                    + " (attempt 1) after ") + "\\d+ms");
            assertThat(opened.get(1)).matches(Pattern.quote("[frozen] open again to 127.0.0.1:" + relay.port()
                    + " (attempt " + reopened.event().attempt() + ") after ") + "[0-9.]+m?s down: recovered");
        }
    }

    @Test
    void aPongCarryingAForeignPayloadIsNotTakenAsLiveness() throws Exception {
        try (RawWebSocketPeer peer = RawWebSocketPeer.start(RawWebSocketPeer.PongReply.FOREIGN_PAYLOAD);
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(pinging("foreign", peer.uri()))) {
            DefaultManagedWebSocket foreign = running.connection("foreign");
            RecordingListener states = running.events();
            long start = System.nanoTime();
            foreign.awaitOpen(PATIENCE);

            Recorded lost = states.awaitFirst(start, r -> r.is(OPEN, RECONNECTING), "dead peer despite the PONGs");

            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            assertThat(lost.event().cause().get().getMessage()).contains("0 pings answered before");
            // The peer did receive and answer our pings: it is the payload, not silence, that made them not count.
            assertThat(peer.pingsReceived()).isGreaterThanOrEqualTo(PROBES);
            assertThat(foreign.lastPingRoundTrip()).isEmpty();
        }
    }

    @Test
    void aPongEchoingOurPayloadKeepsTheSameFakePeerAlive() throws Exception {
        // Control for the test above: the very same raw peer, answering correctly, is never declared dead.
        try (RawWebSocketPeer peer = RawWebSocketPeer.start(RawWebSocketPeer.PongReply.SAME_PAYLOAD);
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(pinging("echoing", peer.uri()))) {
            DefaultManagedWebSocket echoing = running.connection("echoing");
            echoing.awaitOpen(PATIENCE);

            await().during(INTERVAL.multipliedBy(2L * (PROBES + 1))).atMost(PATIENCE)
                    .until(() -> echoing.state() == OPEN);

            assertThat(peer.upgrades()).isEqualTo(1);
            assertThat(peer.pingsReceived()).isGreaterThan(PROBES + 1);
            assertThat(echoing.lastPingRoundTrip()).isPresent();
        }
    }
}
