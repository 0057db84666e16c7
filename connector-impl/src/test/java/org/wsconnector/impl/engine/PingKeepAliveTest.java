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

/** Drives the ping task by hand: the tick is captured from the scheduler instead of waiting for real time. */
class PingKeepAliveTest {
    private final RecordingLink link = new RecordingLink();
    private final List<String> deaths = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PingKeepAlive keepAlive = new PingKeepAlive("ari", link, new PingConfig(Duration.ofSeconds(20), 3),
            deaths::add);

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

        @Override
        public Optional<Socket> socket() {
            return Optional.empty();
        }
    }

    /** Captures the fixed-rate task; {@link #tick(int)} runs it as the scheduler would after each period. */
    private static final class ManualScheduler extends java.util.concurrent.ScheduledThreadPoolExecutor {
        private Runnable task;
        boolean cancelled;

        ManualScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            task = command;
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

        void tick(int times) {
            for (int i = 0; i < times && !cancelled; i++) {
                task.run();
            }
        }
    }
}
