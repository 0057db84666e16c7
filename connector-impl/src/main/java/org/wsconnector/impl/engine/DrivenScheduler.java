package org.wsconnector.impl.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A scheduler whose tasks wait in a queue of its own, in due-time order on a given clock, and run only when its
 * driver takes them ({@link #pollDue}) and runs them: in an application server a tick of ours on the server's
 * executor, in engine tests a virtual clock the test advances. Cancelling a task removes it from the queue at once.
 * Once shut down, no task of ours starts any more: the driver's threads are not ours to wait for.
 *
 * <p>Tasks never throw into the driver: what a task throws stays in its future, and a periodic task that throws
 * ends, as with {@code ScheduledThreadPoolExecutor}.
 */
public abstract class DrivenScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    /** What a fixed-rate task does after a stall: skip the runs it missed, or run them all at once (as STPE does). */
    public enum MissedRuns { SKIP, CATCH_UP }

    private final LongSupplier clock;
    private final MissedRuns missedRuns;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long sequence; // guarded by this
    private boolean shutdown; // guarded by this

    /** @param clock monotonic nanoseconds, {@link System#nanoTime()}'s contract: only differences count */
    protected DrivenScheduler(LongSupplier clock, MissedRuns missedRuns) {
        this.clock = clock;
        this.missedRuns = missedRuns;
    }

    /** Called after each task is queued, without our lock: a driver that sleeps while nothing is queued wakes. */
    protected void afterQueued() {
    }

    /** Called once by the first shutdown, after the queue was emptied, without our lock. */
    protected void afterShutdown() {
    }

    /** The earliest queued task due at {@code now} or before, taken out of the queue; null when none is. */
    protected final synchronized Runnable pollDue(long now) {
        Task<?> next = queue.peek();
        if (shutdown || next == null || next.time - now > 0) {
            return null;
        }
        return queue.poll();
    }

    /** When the earliest queued task is due, on the clock; empty when nothing is queued. */
    protected final synchronized OptionalLong nextDueTime() {
        Task<?> next = queue.peek();
        return next == null ? OptionalLong.empty() : OptionalLong.of(next.time);
    }

    /** Tasks queued, one-shot and periodic (a periodic task is out of the queue while it runs). */
    public final synchronized int queued() {
        return queue.size();
    }

    /** Periodic tasks queued. */
    public final synchronized long periodicQueued() {
        return queue.stream().filter(Task::isPeriodic).count();
    }

    private <V> Task<V> enqueue(Task<V> task) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the connector's scheduler is shut down");
            }
            task.order = sequence++;
            queue.add(task);
        }
        afterQueued();
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

    /**
     * Times are compared by difference, as {@link System#nanoTime()} requires, so every due time must lie less than
     * 2^63 ns from now: a longer delay (a timer of centuries from a configuration built in code) is cut to 146 years
     * instead of wrapping into the past and running at once.
     */
    private long dueIn(long delay, TimeUnit unit) {
        return clock.getAsLong() + Math.min(unit.toNanos(Math.max(0, delay)), Long.MAX_VALUE >> 1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), dueIn(delay, unit), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, dueIn(delay, unit), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), dueIn(initialDelay, unit),
                unit.toNanos(period)));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(new Task<Void>(Executors.callable(command, null), dueIn(initialDelay, unit),
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

    /** Cancels every queued task and refuses new ones; the driver's threads are left alone. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> pending;
        boolean first;
        synchronized (this) {
            first = !shutdown;
            shutdown = true;
            pending = new ArrayList<>(queue);
            queue.clear();
        }
        if (first) {
            afterShutdown();
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

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    /** A queued task: one-shot (period 0), fixed rate (period > 0) or fixed delay (period < 0). */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long period;
        private long order; // set once, under the scheduler's lock, before the task is queued
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

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                time = period < 0 ? clock.getAsLong() - period
                        : missedRuns == MissedRuns.SKIP ? nextSlotAfter(clock.getAsLong()) : time + period;
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
            remove(this); // at once: a cancelled task must not stay reachable from our queue
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
