package org.wsconnector.cdi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connector's timers and pings in an application server: every task runs on the server's
 * {@code ManagedScheduledExecutorService}, driven by one periodic tick that this class schedules there.
 *
 * <p>Why not schedule each timer on the server's executor directly: it keeps a cancelled task queued until the task's
 * original delay has passed (WildFly's has removeOnCancel off, and the Jakarta API offers no purge), and each queued
 * task holds the context the server captured with it, i.e. the application's class loader. The connector cancels
 * timers all the time (every attempt's connection-timeout once the connection opens, close timers, reconnect delays
 * up to reconnect.max-interval), so an undeployed application stayed in memory for that long — seen in heap dumps of
 * WildFly after WildFlyConnectorIT's deploy cycles. Here cancelling removes the task from our own queue at once, and
 * on undeploy only the cancelled tick remains in the server's queue, for less than one tick.
 *
 * <p>Tasks run late by up to one tick; the connector's timers are all far coarser.
 */
final class TickDrivenScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ScheduledFuture<?> tick;
    private boolean shutdown; // guarded by this

    TickDrivenScheduler(ScheduledExecutorService managed, Duration tickPeriod) {
        long period = tickPeriod.toMillis();
        this.tick = managed.scheduleAtFixedRate(this::runDue, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs every task that is due. Never throws, or the server would cancel the tick: each task is a
     * {@link FutureTask}, which keeps whatever its body throws (a periodic one then stops, as the contract says).
     */
    private void runDue() {
        long now = System.nanoTime();
        while (true) {
            Task<?> due;
            synchronized (this) {
                due = queue.peek();
                if (shutdown || due == null || due.time - now > 0) {
                    return;
                }
                queue.poll();
            }
            due.run();
        }
    }

    private <V> Task<V> enqueue(Task<V> task) {
        synchronized (this) {
            if (shutdown) {
                throw new java.util.concurrent.RejectedExecutionException("the connector's scheduler is shut down");
            }
            queue.add(task);
        }
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
        synchronized (this) {
            shutdown = true;
            pending = new ArrayList<>(queue);
            queue.clear();
        }
        tick.cancel(false);
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

    private static long triggerTime(long delay, TimeUnit unit) {
        return System.nanoTime() + unit.toNanos(Math.max(0, delay));
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

        @Override
        public void run() {
            if (!isPeriodic()) {
                super.run();
            } else if (runAndReset()) {
                time = period > 0 ? time + period : System.nanoTime() - period;
                requeue(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            remove(this); // at once: this is the point of the class
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(time - System.nanoTime(), TimeUnit.NANOSECONDS);
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
