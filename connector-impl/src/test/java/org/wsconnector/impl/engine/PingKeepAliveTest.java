package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.PingConfig;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/** The ping task alone on a {@link VirtualScheduler}: one tick every 20 s of virtual time, none waited for. */
class PingKeepAliveTest {
    private final RecordingLink link = new RecordingLink();
    private final List<String> deaths = new ArrayList<>();
    private static final Duration INTERVAL = Duration.ofSeconds(20);
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final PingKeepAlive keepAlive = new PingKeepAlive("ari", link, new PingConfig(INTERVAL, 3), scheduler,
            deaths::add);

    /** {@code times} punctual ticks. */
    private void tick(int times) {
        scheduler.advance(INTERVAL.multipliedBy(times));
    }

    @Test
    void threeUnansweredPingsInARowDeclareThePeerDeadOnTheFourthTick() {
        keepAlive.start(scheduler);

        tick(3);
        assertThat(link.pings).hasSize(3);
        assertThat(deaths).isEmpty();

        tick(1);
        assertThat(deaths).containsExactly("dead peer: 3 pings unanswered over 1m (ping.interval=20s, ping.probes=3; "
                + "0 pings answered before)");
        assertThat(link.pings).as("no ping after the verdict").hasSize(3);
        assertThat(scheduler.periodicQueued()).as("the task is cancelled").isZero();
    }

    @Test
    void onlyAPongCarryingThisLinksTokenCountsAsLiveness() {
        keepAlive.start(scheduler);
        tick(2);

        assertThat(keepAlive.onPong(ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))).isFalse();
        assertThat(keepAlive.onPong(ByteBuffer.allocate(0))).as("Tyrus heartbeat pongs are empty").isFalse();
        tick(2);
        assertThat(deaths).hasSize(1);
    }

    @Test
    void anAnsweredPingResetsTheCountAndMeasuresTheRoundTrip() {
        keepAlive.start(scheduler);
        tick(2);
        assertThat(keepAlive.onPong(link.pings.get(1).duplicate())).isTrue();

        tick(3);
        assertThat(deaths).isEmpty();
        assertThat(keepAlive.lastRoundTrip()).isNotNull();
        assertThat(link.pings).allSatisfy(payload -> assertThat(payload).isEqualTo(link.pings.get(0)));
    }

    @Test
    void aFailingSendDoesNotKillTheTaskAndAStoppedTaskNeverPings() {
        link.failSends = true;
        keepAlive.start(scheduler);
        tick(2);
        assertThat(link.attempts).isEqualTo(2);

        keepAlive.stop();
        tick(5);
        assertThat(link.attempts).isEqualTo(2);
        assertThat(scheduler.periodicQueued()).as("the task is cancelled").isZero();
    }

    /**
     * The old count-based rule declared a healthy peer dead 44 ms after a blocked scheduler came back: the fixed-rate
     * task caught up in a burst and each burst tick counted a ping that had no time to be answered.
     */
    @Test
    void aSchedulerThatStallsAndCatchesUpInABurstDeclaresNoHealthyPeerDead() {
        keepAlive.start(scheduler);
        tick(1);
        keepAlive.onPong(link.pings.get(0).duplicate());

        scheduler.stall(Duration.ofMinutes(5));
        scheduler.runDue(); // the 15 ticks missed come at once, before any pong can be read
        assertThat(link.pings).hasSize(16);
        assertThat(deaths).as("pings sent in a burst had no chance to be answered").isEmpty();

        for (int i = 0; i < 10; i++) { // the peer answers the burst and every ping after it
            keepAlive.onPong(link.pings.get(0).duplicate());
            tick(1);
        }
        assertThat(deaths).isEmpty();
    }

    @Test
    void aPathThatReallyDiedDuringABurstIsStillDetectedOnceThePingsHadTheirTime() {
        keepAlive.start(scheduler);
        scheduler.stall(Duration.ofMinutes(5));
        scheduler.runDue(); // 15 ticks in a burst
        assertThat(deaths).isEmpty();

        tick(2);
        assertThat(deaths).as("(probes - 1/2) x interval since the first unanswered ping").isEmpty();
        tick(1);
        assertThat(deaths).hasSize(1);
        assertThat(deaths.get(0)).startsWith("dead peer: 17 pings unanswered over 1m (");
    }

    /** While the application's callbacks are behind, the connection does not read: a pong could not arrive. */
    @Test
    void whileReadsArePausedNothingIsPingedOrJudgedAndTheCountStartsAgainAfterwards() {
        keepAlive.start(scheduler);
        tick(2);
        keepAlive.readsPaused(true);

        tick(20);
        assertThat(deaths).isEmpty();
        assertThat(link.pings).as("no ping while paused").hasSize(2);

        keepAlive.readsPaused(false);
        tick(3);
        assertThat(deaths).as("three fresh pings, none judged yet").isEmpty();
        tick(1);
        assertThat(deaths).hasSize(1);
    }

    /** A link that records the pings it is asked to send. */
    private static final class RecordingLink implements Link {
        final List<ByteBuffer> pings = new ArrayList<>();
        int attempts;
        boolean failSends;

        @Override
        public void sendPing(ByteBuffer payload) {
            attempts++;
            if (failSends) {
                throw new IllegalStateException("The connection has been closed.");
            }
            pings.add(payload.duplicate());
        }

        @Override
        public String subprotocol() {
            return "";
        }

        @Override
        public CompletionStage<Void> sendText(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void abort() {
        }

        @Override
        public void pauseReading() {
            // no socket: nothing to pause
        }

        @Override
        public void resumeReading() {
        }
    }
}
