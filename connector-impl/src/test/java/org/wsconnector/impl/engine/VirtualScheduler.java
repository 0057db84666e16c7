package org.wsconnector.impl.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The engine's scheduler, callback executor and clock in one, on virtual time: nothing runs until the test
 * {@linkplain #advance advances} the clock, and then every task that comes due runs on the test's thread, at
 * exactly its due time, in due-time order (ties in submission order). {@link #execute} queues for "now", so the
 * engine's callbacks, too, run only when the test says so, never on the thread that submitted them.
 *
 * <p>Fixed-rate tasks keep their schedule the way {@code ScheduledThreadPoolExecutor}'s do: after a
 * {@linkplain #stall stall} the missed runs come at once, in a burst, as a late scheduler's do.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService, EngineClock {
    /** An arbitrary, fixed wall-clock start: event instants are then exact too. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** Bounds {@link #advance}: a task that reschedules itself with no delay would otherwise spin for ever. */
    private static final int MAX_RUNS_PER_ADVANCE = 100_000;

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long nanos;
    private long sequence;
    private boolean shutdown;

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    /** Virtual time passed since the start. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    /** Runs every task due within {@code duration}, each at its due time, then sets the clock to the end. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = nanos + duration.toNanos();
        }
        for (int runs = 0; ; runs++) {
            if (runs == MAX_RUNS_PER_ADVANCE) {
                throw new IllegalStateException(runs + " tasks within one advance of " + duration + ": a busy loop?");
            }
            Task<?> next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.time > target) {
                    nanos = target;
                    return;
                }
                queue.poll();
                nanos = Math.max(nanos, next.time);
            }
            next.run();
        }
    }

    /** Runs what is due now, and what that queues for now: the callbacks of what just happened. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** The scheduler runs nothing for {@code duration} (a blocked thread, a suspended VM); see {@link #runDue}. */
    public synchronized void stall(Duration duration) {
        nanos += duration.toNanos();
    }

    /** Delay until the next task is due, or empty when nothing is queued. */
    public synchronized java.util.Optional<Duration> nextDue() {
        Task<?> next = queue.peek();
        return next == null ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(next.time - nanos));
    }

    /** Fixed-rate tasks queued (the engine's only ones are ping keepalives: one per open link). */
    public synchronized long periodicTasks() {
        return queue.stream().filter(Task::isPeriodic).count();
    }

    /** Every task queued, one-shot and periodic. */
    public synchronized int queued() {
        return queue.size();
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("virtual scheduler shut down");
        }
        queue.add(task);
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

    private synchronized long dueIn(long delay, TimeUnit unit) {
        return nanos + unit.toNanos(Math.max(0, delay));
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
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>(queue);
        queue.clear();
        return pending;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** A queued task: one-shot (period 0), fixed rate (period > 0) or fixed delay (period < 0). */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final long period;
        private final long order;
        private long time;

        Task(Callable<V> callable, long time, long period) {
            super(callable);
            this.time = time;
            this.period = period;
            synchronized (VirtualScheduler.this) {
                this.order = sequence++;
            }
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
                time = period > 0 ? time + period : nanoTime() - period;
                requeue(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            remove(this);
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(time - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> task = (Task<?>) other;
            int byTime = Long.compare(time, task.time);
            return byTime != 0 ? byTime : Long.compare(order, task.order);
        }
    }
}
