package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.PingConfig;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the ping task by hand on a virtual clock: the tick is captured from the scheduler, time never waited for. */
class PingKeepAliveTest {
    private final RecordingLink link = new RecordingLink();
    private final List<String> deaths = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PingKeepAlive keepAlive = new PingKeepAlive("ari", link, new PingConfig(Duration.ofSeconds(20), 3),
            () -> scheduler.nanos, deaths::add);

    @Test
    void threeUnansweredPingsInARowDeclareThePeerDeadOnTheFourthTick() {
        keepAlive.start(scheduler);

        scheduler.tick(3);
        assertThat(link.pings).hasSize(3);
        assertThat(deaths).isEmpty();

        scheduler.tick(1);
        assertThat(deaths).containsExactly("dead peer: 3 pings unanswered over 1m (ping.interval=20s, ping.probes=3; "
                + "0 pings answered before)");
        assertThat(link.pings).as("no ping after the verdict").hasSize(3);
        assertThat(scheduler.cancelled).isTrue();
    }

    @Test
    void onlyAPongCarryingThisLinksTokenCountsAsLiveness() {
        keepAlive.start(scheduler);
        scheduler.tick(2);

        assertThat(keepAlive.onPong(ByteBuffer.wrap(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}))).isFalse();
        assertThat(keepAlive.onPong(ByteBuffer.allocate(0))).as("Tyrus heartbeat pongs are empty").isFalse();
        scheduler.tick(2);
        assertThat(deaths).hasSize(1);
    }

    @Test
    void anAnsweredPingResetsTheCountAndMeasuresTheRoundTrip() {
        keepAlive.start(scheduler);
        scheduler.tick(2);
        assertThat(keepAlive.onPong(link.pings.get(1).duplicate())).isTrue();

        scheduler.tick(3);
        assertThat(deaths).isEmpty();
        assertThat(keepAlive.lastRoundTrip()).isNotNull();
        assertThat(link.pings).allSatisfy(payload -> assertThat(payload).isEqualTo(link.pings.get(0)));
    }

    @Test
    void aFailingSendDoesNotKillTheTaskAndAStoppedTaskNeverPings() {
        link.failSends = true;
        keepAlive.start(scheduler);
        scheduler.tick(2);
        assertThat(link.attempts).isEqualTo(2);

        keepAlive.stop();
        scheduler.tick(5);
        assertThat(link.attempts).isEqualTo(2);
        assertThat(scheduler.cancelled).isTrue();
    }

    /**
     * The old count-based rule declared a healthy peer dead 44 ms after a blocked scheduler came back: the fixed-rate
     * task caught up in a burst and each burst tick counted a ping that had no time to be answered.
     */
    @Test
    void aSchedulerThatStallsAndCatchesUpInABurstDeclaresNoHealthyPeerDead() {
        keepAlive.start(scheduler);
        scheduler.tick(1);
        keepAlive.onPong(link.pings.get(0).duplicate());

        scheduler.stall(Duration.ofMinutes(5));
        scheduler.burst(15);
        assertThat(deaths).as("pings sent in a burst had no chance to be answered").isEmpty();

        for (int i = 0; i < 10; i++) { // the peer answers the burst and every ping after it
            keepAlive.onPong(link.pings.get(0).duplicate());
            scheduler.tick(1);
        }
        assertThat(deaths).isEmpty();
    }

    @Test
    void aPathThatReallyDiedDuringABurstIsStillDetectedOnceThePingsHadTheirTime() {
        keepAlive.start(scheduler);
        scheduler.stall(Duration.ofMinutes(5));
        scheduler.burst(5);
        assertThat(deaths).isEmpty();

        scheduler.tick(2);
        assertThat(deaths).as("(probes - 1/2) x interval since the first unanswered ping").isEmpty();
        scheduler.tick(1);
        assertThat(deaths).hasSize(1);
        assertThat(deaths.get(0)).startsWith("dead peer: 7 pings unanswered over 1m (");
    }

    /** While the application's callbacks are behind, the connection does not read: a pong could not arrive. */
    @Test
    void whileReadsArePausedNothingIsPingedOrJudgedAndTheCountStartsAgainAfterwards() {
        keepAlive.start(scheduler);
        scheduler.tick(2);
        keepAlive.readsPaused(true);

        scheduler.tick(20);
        assertThat(deaths).isEmpty();
        assertThat(link.pings).as("no ping while paused").hasSize(2);

        keepAlive.readsPaused(false);
        scheduler.tick(3);
        assertThat(deaths).as("three fresh pings, none judged yet").isEmpty();
        scheduler.tick(1);
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

    /**
     * Captures the fixed-rate task and keeps a virtual clock: {@link #tick(int)} advances it by one period and runs
     * the task, as a punctual scheduler would; {@link #stall} and {@link #burst} play a late one.
     */
    private static final class ManualScheduler extends java.util.concurrent.ScheduledThreadPoolExecutor {
        private Runnable task;
        private long period;
        long nanos;
        boolean cancelled;

        void tick(int times) {
            for (int i = 0; i < times && !cancelled; i++) {
                nanos += period;
                task.run();
            }
        }

        /** The scheduler runs nothing for {@code duration}. */
        void stall(Duration duration) {
            nanos += duration.toNanos();
        }

        /** The scheduler catches up: the task runs {@code times} times at once, no time passing. */
        void burst(int times) {
            for (int i = 0; i < times; i++) {
                task.run();
            }
        }

        ManualScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            task = command;
            this.period = unit.toNanos(period);
            return new java.util.concurrent.ScheduledFuture<Object>() {
                @Override
                public long getDelay(TimeUnit u) {
                    return u.convert(period, unit);
                }

                @Override
                public int compareTo(java.util.concurrent.Delayed o) {
                    return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
                }

                @Override
                public boolean cancel(boolean mayInterrupt) {
                    cancelled = true;
                    return true;
                }

                @Override
                public boolean isCancelled() {
                    return cancelled;
                }

                @Override
                public boolean isDone() {
                    return cancelled;
                }

                @Override
                public Object get() {
                    return null;
                }

                @Override
                public Object get(long timeout, TimeUnit u) {
                    return null;
                }
            };
        }
    }
}
