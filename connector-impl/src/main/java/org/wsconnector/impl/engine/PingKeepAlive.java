package org.wsconnector.impl.engine;

import org.wsconnector.config.PingConfig;
import org.wsconnector.impl.config.Durations;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dead-peer detection for one open link: a PING every interval on the shared scheduler, each carrying a token
 * unique to this link, so that only our own PONGs count as liveness (Tyrus's heartbeat and other peers may send
 * unsolicited PONGs).
 *
 * <p>The verdict is judged by monotonic time, not by counting ticks: the peer is dead when {@code probes} pings in a
 * row are unanswered <em>and</em> the oldest of them has been waiting for at least {@code probes × interval} (less
 * half an interval of tolerance for a late tick). Ticks that a stalled or suspended scheduler fires late, or in a
 * burst when it catches up, send pings that had no time to be answered; those never make a verdict on their own.
 * While the link's reads are paused (the application's callbacks are behind, see {@code DeliveryLane}) a pong
 * could not be read at all, so no ping is sent or judged; after the pause the count starts again. On a punctual
 * scheduler detection takes between probes×interval and (probes+1)×interval after the path died.
 *
 * <p>The task never throws (a throwing task would be cancelled silently by the scheduler) and stops itself once
 * the link is gone.
 */
final class PingKeepAlive {
    private static final Logger LOG = Logger.getLogger(PingKeepAlive.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 8;

    private final String client;
    private final Link link;
    private final PingConfig config;
    private final EngineClock clock;
    private final Consumer<String> onDeadPeer;
    private final byte[] token = new byte[TOKEN_BYTES];
    private final Object lock = new Object();
    private ScheduledFuture<?> task;
    private int unanswered;
    /** When the oldest unanswered ping was sent; meaningful while {@code unanswered > 0}. */
    private long oldestUnansweredNanos;
    private long answered;
    private long lastSentNanos;
    private boolean readsPaused;
    private volatile Duration lastRoundTrip;
    private boolean stopped;

    /** @param clock the engine's clock; its monotonic time judges the verdict and measures round trips */
    PingKeepAlive(String client, Link link, PingConfig config, EngineClock clock, Consumer<String> onDeadPeer) {
        this.client = client;
        this.link = link;
        this.config = config;
        this.clock = clock;
        this.onDeadPeer = onDeadPeer;
        RANDOM.nextBytes(token);
    }

    void start(ScheduledExecutorService scheduler) {
        long period = Durations.timerMillis(config.interval());
        synchronized (lock) {
            if (!stopped) {
                task = scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Cancels the task; idempotent, safe from any thread, including the task itself. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /**
     * The link's reads were paused (true) or resumed (false). While paused no pong can arrive, so nothing is judged;
     * on resume the pings sent before start their count again.
     */
    void readsPaused(boolean paused) {
        synchronized (lock) {
            readsPaused = paused;
            unanswered = 0;
        }
    }

    /** A PONG arrived; returns true when it answered one of our pings (and so proves the peer alive). */
    boolean onPong(ByteBuffer payload) {
        if (!isOurs(payload)) {
            return false;
        }
        synchronized (lock) {
            unanswered = 0;
            answered++;
            lastRoundTrip = Duration.ofNanos(clock.nanoTime() - lastSentNanos);
        }
        return true;
    }

    Duration lastRoundTrip() {
        return lastRoundTrip;
    }

    private void tick() {
        try {
            String deadMessage = null;
            synchronized (lock) {
                if (stopped || readsPaused) {
                    return;
                }
                long now = clock.nanoTime();
                long waited = now - oldestUnansweredNanos;
                if (unanswered >= config.probes() && waited >= verdictAge()) {
                    stopped = true;
                    task.cancel(false);
                    // The window the verdict stands for, not the measured wait: stable for users and tests.
                    deadMessage = "dead peer: " + unanswered + " pings unanswered over "
                            + Durations.format(config.interval().multipliedBy(config.probes()))
                            + " (ping.interval=" + Durations.format(config.interval()) + ", ping.probes="
                            + config.probes() + "; " + answered + " pings answered before)";
                } else {
                    if (unanswered == 0) {
                        oldestUnansweredNanos = now;
                    }
                    unanswered++;
                    lastSentNanos = now;
                    // Under the lock, so that once stop() returns no ping can leave; sends only queue, never block.
                    link.sendPing(ByteBuffer.wrap(token));
                    int outstanding = unanswered;
                    LOG.finest(() -> "[" + client + "] ping sent (" + outstanding + " unanswered)");
                }
            }
            if (deadMessage != null) {
                onDeadPeer.accept(deadMessage);
            }
        } catch (Exception | LinkageError e) {
            // Tyrus throws from sendPing once the session is closed; the close path stops this task anyway.
            LOG.log(Level.FINE, e, () -> "[" + client + "] ping not sent: " + e);
        }
    }

    /** probes × interval, less half an interval: a tick that runs a little late must not postpone the verdict by one. */
    private long verdictAge() {
        long interval = Durations.saturatedNanos(config.interval());
        long window = interval > Long.MAX_VALUE / config.probes() ? Long.MAX_VALUE : config.probes() * interval;
        return window - interval / 2;
    }
    private boolean isOurs(ByteBuffer payload) {
        ByteBuffer view = payload.duplicate();
        if (view.remaining() != TOKEN_BYTES) {
            return false;
        }
        for (byte expected : token) {
            if (view.get() != expected) {
                return false;
            }
        }
        return true;
    }
}
