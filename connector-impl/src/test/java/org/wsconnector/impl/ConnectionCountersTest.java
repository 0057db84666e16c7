package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.impl.engine.ConnectionCounters;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * The engine's counters against a real Tyrus echo server behind a relay that can cut and freeze the path: exact
 * counts after a known sequence — one open, ten messages each way, a cut connection and its recovery, a dead peer
 * and the attempts that time out while the path is frozen, the recovery after it thaws.
 */
class ConnectionCountersTest {

    @Test
    void countsAreExactAfterMessagesALostConnectionAndADeadPeer() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay relay = FreezableRelay.start(server.port());
             ConnectorUnderTest running = ConnectorUnderTest.client("counted",
                     "uri", "ws://127.0.0.1:" + relay.port() + "/echo", "ping.interval", "300ms", "ping.probes", 3,
                     "connection-timeout", "1s", "reconnect.interval", "200ms", "reconnect.max-interval", "500ms")) {
            DefaultManagedWebSocket client = running.connection();
            RecordingListener events = running.events();
            List<Long> roundTrips = new CopyOnWriteArrayList<>();
            client.addPingRoundTripRecorder(roundTrips::add);
            client.awaitOpen(PATIENCE);

            long payloadBytes = 0;
            for (int i = 0; i < 8; i++) {
                String text = "grüße " + i; // two-byte characters: bytes are counted in UTF-8, not in chars
                payloadBytes += text.getBytes(StandardCharsets.UTF_8).length;
                client.sendText(text).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            for (int size : new int[]{300, 70_000}) { // 16-bit and 64-bit frame lengths
                payloadBytes += size;
                client.sendBinary(ByteBuffer.allocate(size)).toCompletableFuture()
                        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            events.awaitTexts(8);
            events.awaitBinaries(2);
            ConnectionCounters counters = client.counters();
            assertThat(counters.messagesSent()).isEqualTo(10);
            assertThat(counters.bytesSent()).isEqualTo(payloadBytes);
            assertThat(counters.messagesReceived()).isEqualTo(10);
            await().atMost(PATIENCE).until(() -> counters.bytesReceived() == counters.bytesSent());
            assertThat(counters.opened()).isEqualTo(1);
            assertThat(counters.closed()).isZero();

            relay.cutAll(); // a lost connection: reconnects at once and opens again
            events.awaitEntered(OPEN, 2);
            assertThat(counters.opened()).isEqualTo(2);
            assertThat(counters.closed()).isEqualTo(1);
            assertThat(counters.reconnects()).isEqualTo(1);
            assertThat(counters.deadPeers()).isZero();

            await().atMost(PATIENCE).until(() -> !roundTrips.isEmpty());
            relay.freeze(); // pings go unanswered: a dead peer, then attempts that time out until it thaws
            events.awaitEntered(RECONNECTING, 2);
            await().atMost(PATIENCE).until(() -> counters.openFailures(ConnectTimeoutException.class.getName()) >= 1);
            relay.unfreeze();
            events.awaitEntered(OPEN, 3);

            ConnectionStatus status = client.status();
            ConnectionStatus.Counters counted = status.counters();
            assertThat(counted.opened()).isEqualTo(3);
            assertThat(counted.deadPeers()).isEqualTo(1);
            assertThat(counted.closed()).as("the cut connection and the dead one").isEqualTo(2);
            assertThat(counted.openFailures()).containsOnlyKeys(ConnectTimeoutException.class.getName());
            assertThat(status.reconnects()).as("one per lost connection, one per failed attempt retried")
                    .isEqualTo(2 + counted.openFailuresTotal());
            assertThat(counted.messagesSent()).isEqualTo(10);
            assertThat(counted.messagesReceived()).isEqualTo(10);
            assertThat(counted.bytesReceived()).isEqualTo(payloadBytes);
            assertThat(status.inboundQueued()).isZero();
            // Each answered ping reached the recorder, in nanoseconds: the last one is what status() shows.
            assertThat(roundTrips).allSatisfy(nanos -> assertThat(nanos).isPositive());
            await().atMost(PATIENCE).until(() -> client.lastPingRoundTrip().isPresent());
            Duration last = client.lastPingRoundTrip().orElseThrow();
            await().atMost(PATIENCE).until(() -> roundTrips.contains(last.toNanos()));
        }
    }
}
