package org.wsconnector.cdi;

import org.wsconnector.impl.engine.DrivenScheduler;
import org.wsconnector.impl.engine.Failures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connector's timers and pings in an application server: every task runs on the server's
 * {@code ManagedScheduledExecutorService}, driven by a tick of ours that this class keeps scheduled there.
 *
 * <p>Why not schedule each timer on the server's executor directly: it keeps a cancelled task queued until the task's
 * original delay has passed (WildFly's has removeOnCancel off, and the Jakarta API offers no purge), and each queued
 * task holds the context the server captured with it, i.e. the application's class loader. The connector cancels
 * timers all the time (every attempt's connection-timeout once the connection opens, close timers, reconnect delays
 * up to reconnect.max-interval), so an undeployed application stayed in memory for that long — seen in heap dumps of
 * WildFly after WildFlyConnectorIT's deploy cycles. Here cancelling removes the task from our own queue at once, and
 * on undeploy only the cancelled tick remains in the server's queue, for less than one tick.
 *
 * <p>Why a chain of one-shot Callables with a {@code ManagedTaskListener} ({@link ManagedTick}), not a periodic
 * Runnable: while WildFly is suspended it skips scheduled tasks that come due, logging WFLYEE0110 with a stack trace
 * for each Runnable run, but for a Callable only failing its future and telling its listener (WildFly's
 * ControlPointUtils). So the listener retries a refused tick a tick later, with one log line per pause; any
 * schedule() re-arms a tick refused unseen.
 *
 * <p>Tasks run late by up to one tick; the connector's timers are all far coarser. After a stall (a suspended server,
 * a busy executor) each fixed-rate task runs once, then at the next run of its schedule still ahead: missed runs are
 * skipped, not caught up in a burst.
 */
final class TickDrivenScheduler extends DrivenScheduler {
    private static final Logger LOG = Logger.getLogger(TickDrivenScheduler.class.getName());
    static final String TICK_NAME = "ws-connector timer tick";

    private final ScheduledExecutorService managed;
    private final long tickNanos;
    private final LongSupplier clock;
    private ServerTick armed; // guarded by this: the tick waiting in the server's queue, null when none is
    private long pausedSince; // guarded by this: clock time of the first refused tick of a pause
    private boolean paused; // guarded by this: the server refused a tick and none has run since

    TickDrivenScheduler(ScheduledExecutorService managed, Duration tickPeriod) {
        this(managed, tickPeriod, System::nanoTime);
    }

    /** With the clock of a test's executor (System.nanoTime's contract: only differences count). */
    TickDrivenScheduler(ScheduledExecutorService managed, Duration tickPeriod, LongSupplier clock) {
        super(clock, MissedRuns.SKIP);
        this.managed = managed;
        this.tickNanos = tickPeriod.toNanos();
        this.clock = clock;
        arm();
    }

    /** Queues the next tick on the server's executor, unless one is waiting there already or we are shut down. */
    private void arm() {
        ServerTick tick;
        synchronized (this) {
            if (isShutdown() || (armed != null && !armed.refusedUnseen())) {
                return;
            }
            tick = new ServerTick();
            armed = tick;
        }
        try {
            tick.future = managed.schedule(ManagedTick.around(tick), tickNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException refused) { // RejectedExecutionException, or whatever a server throws when stopping
            // No retry from here (it would only be refused again at once): the next schedule() call tries again.
            paused(tick, refused);
        }
    }

    /** The server did not take or did not run {@code tick}: one log line per pause. */
    private void paused(ServerTick tick, Throwable why) {
        boolean first;
        synchronized (this) {
            if (armed == tick) {
                armed = null;
            }
            if (isShutdown()) {
                return;
            }
            first = !paused;
            if (first) {
                paused = true;
                pausedSince = clock.getAsLong();
            }
        }
        if (first) {
            LOG.log(Level.INFO, "ws-connector timers paused: the server did not run their tick ({0}); they go on "
                    + "when it runs them again (e.g. after :resume)", Failures.rootMessage(why));
        }
    }

    /** Runs every task that was due when the tick started, each once; never throws (see {@link DrivenScheduler}). */
    private void runDue() {
        List<Runnable> due = new ArrayList<>();
        long now = clock.getAsLong();
        for (Runnable task = pollDue(now); task != null; task = pollDue(now)) {
            due.add(task);
        }
        for (Runnable task : due) {
            if (isShutdown()) {
                return;
            }
            task.run();
        }
    }

    /** Revives a tick the server refused without telling its listener. */
    @Override
    protected void afterQueued() {
        arm();
    }

    /** Cancels our tick; never touches the server's executor itself. */
    @Override
    protected void afterShutdown() {
        ServerTick tick;
        synchronized (this) {
            tick = armed;
            armed = null;
        }
        if (tick != null && tick.future != null) {
            tick.future.cancel(false);
        }
    }

    /**
     * One tick on the server's executor: runs what is due and queues the next tick. The server sees it through a
     * {@link ManagedTick}, whose listener reports a tick the server did not run.
     */
    final class ServerTick implements Callable<Void> {
        private volatile Future<?> future;
        private volatile boolean started;

        @Override
        public Void call() {
            long pausedFor = -1;
            synchronized (TickDrivenScheduler.this) {
                started = true;
                if (armed == this) {
                    armed = null;
                }
                if (paused) {
                    paused = false;
                    pausedFor = clock.getAsLong() - pausedSince;
                }
            }
            if (pausedFor >= 0) {
                LOG.log(Level.FINE, "ws-connector timers run again after a pause of {0} ms",
                        TimeUnit.NANOSECONDS.toMillis(pausedFor));
            }
            try {
                runDue();
            } finally {
                arm();
            }
            return null;
        }

        /** The server is done with this tick: if it never started, it was refused (or cancelled); retry later. */
        void done(Throwable failure) {
            if (!started) {
                paused(this, failure != null ? failure : new IllegalStateException("not run"));
                arm(); // on WildFly, this retry is what notices :resume
            }
        }

        /** Refused (or cancelled) without {@link #done} being called: its future is done though it never started. */
        boolean refusedUnseen() {
            Future<?> queued = future;
            return queued != null && queued.isDone() && !started;
        }

        @Override
        public String toString() {
            return TICK_NAME;
        }
    }
}
