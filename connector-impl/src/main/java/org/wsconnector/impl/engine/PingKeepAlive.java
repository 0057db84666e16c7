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
 * unsolicited PONGs). {@code probes} pings in a row without an answer declare the peer dead; the check runs before
 * each ping, so detection takes between probes×interval and (probes+1)×interval after the path died.
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
    private final Consumer<String> onDeadPeer;
    private final byte[] token = new byte[TOKEN_BYTES];
    private final Object lock = new Object();
    private ScheduledFuture<?> task;
    private int unanswered;
    private long answered;
    private long lastSentNanos;
    private volatile Duration lastRoundTrip;
    private boolean stopped;

    PingKeepAlive(String client, Link link, PingConfig config, Consumer<String> onDeadPeer) {
        this.client = client;
        this.link = link;
        this.config = config;
        this.onDeadPeer = onDeadPeer;
        RANDOM.nextBytes(token);
    }

    void start(ScheduledExecutorService scheduler) {
        long period = config.interval().toMillis();
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

    /** A PONG arrived; returns true when it answered one of our pings (and so proves the peer alive). */
    boolean onPong(ByteBuffer payload) {
        if (!isOurs(payload)) {
            return false;
        }
        synchronized (lock) {
            unanswered = 0;
            answered++;
            lastRoundTrip = Duration.ofNanos(System.nanoTime() - lastSentNanos);
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
                if (stopped) {
                    return;
                }
                if (unanswered >= config.probes()) {
                    stopped = true;
                    task.cancel(false);
                    deadMessage = "dead peer: " + unanswered + " pings unanswered over "
                            + Durations.format(config.interval().multipliedBy(unanswered)) + " (ping.interval="
                            + Durations.format(config.interval()) + ", ping.probes=" + config.probes() + "; "
                            + answered + " pings answered before)";
                } else {
                    unanswered++;
                    lastSentNanos = System.nanoTime();
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
