package org.wsconnector.cdi;

import org.wsconnector.impl.engine.Failures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
final class TickDrivenScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private static final Logger LOG = Logger.getLogger(TickDrivenScheduler.class.getName());
    static final String TICK_NAME = "ws-connector timer tick";

    private final ScheduledExecutorService managed;
    private final long tickNanos;
    private final LongSupplier clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean shutdown; // guarded by this
    private ServerTick armed; // guarded by this: the tick waiting in the server's queue, null when none is
    private long pausedSince; // guarded by this: clock time of the first refused tick of a pause
    private boolean paused; // guarded by this: the server refused a tick and none has run since

    TickDrivenScheduler(ScheduledExecutorService managed, Duration tickPeriod) {
        this(managed, tickPeriod, System::nanoTime);
    }

    /** With the clock of a test's executor (System.nanoTime's contract: only differences count). */
    TickDrivenScheduler(ScheduledExecutorService managed, Duration tickPeriod, LongSupplier clock) {
        this.managed = managed;
        this.tickNanos = tickPeriod.toNanos();
        this.clock = clock;
        arm();
    }

    /** Queues the next tick on the server's executor, unless one is waiting there already or we are shut down. */
    private void arm() {
        ServerTick tick;
        synchronized (this) {
            if (shutdown || (armed != null && !armed.refusedUnseen())) {
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
            if (shutdown) {
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

    /** Runs every task that was due when the tick started, each once; never throws (see {@link Task}). */
    private void runDue() {
        List<Task<?>> due = new ArrayList<>();
        synchronized (this) {
            long now = clock.getAsLong();
            while (!shutdown && !queue.isEmpty() && queue.peek().time - now <= 0) {
                due.add(queue.poll());
            }
        }
        for (Task<?> task : due) {
            if (isShutdown()) {
                return;
            }
            task.run();
        }
    }

    private <V> Task<V> enqueue(Task<V> task) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the connector's scheduler is shut down");
            }
            queue.add(task);
        }
        arm(); // revives a tick the server refused without telling its listener
        return task;
    }

    private synchronized void requeue(Task<?> task) {
        if (!shutdown) {
            queue.add(task);
        }
    }

    private synchronized void remove(Task<?> task) {
        queue.remove(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), triggerTime(delay, unit), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, triggerTime(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), triggerTime(initialDelay, unit),
                unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), triggerTime(initialDelay, unit),
                -unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        shutdownNow();
    }

    /** Cancels the tick and every queued task; never touches the server's executor itself. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending;
        ServerTick tick;
        synchronized (this) {
            shutdown = true;
            pending = new ArrayList<>(queue);
            queue.clear();
            tick = armed;
            armed = null;
        }
        if (tick != null && tick.future != null) {
            tick.future.cancel(false);
        }
        pending.forEach(task -> ((Task<?>) task).cancel(false));
        return pending;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return isShutdown();
    }

    /** The tasks run on the server's threads; once shut down, none of ours is started any more. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    private long triggerTime(long delay, TimeUnit unit) {
        return clock.getAsLong() + unit.toNanos(Math.max(0, delay));
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

    /** A queued task: one-shot (period 0), fixed rate (period > 0) or fixed delay (period < 0). */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long period;
        private final long order = sequence.getAndIncrement();
        private volatile long time;

        Task(Callable<V> callable, long time, long period) {
            super(callable);
            this.time = time;
            this.period = period;
        }

        @Override
        public boolean isPeriodic() {
            return period != 0;
        }

        /** Never throws, or the tick would stop: what the body throws stays in this future (a periodic one ends). */
        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                time = period > 0 ? nextSlotAfter(clock.getAsLong()) : clock.getAsLong() - period;
                requeue(this);
            }
        }

        /** The first run of this fixed-rate task's schedule that is still ahead: missed runs are skipped. */
        private long nextSlotAfter(long now) {
            long planned = time + period;
            return planned - now > 0 ? planned : planned + ((now - planned) / period + 1) * period;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            remove(this); // at once: this is the point of the class
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(time - clock.getAsLong(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byTime = Long.compare(time - task.time, 0);
                return byTime != 0 ? byTime : Long.compare(order, task.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
