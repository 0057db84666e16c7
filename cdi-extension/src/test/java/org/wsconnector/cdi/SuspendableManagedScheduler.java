package org.wsconnector.cdi;

import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded stand-in for WildFly's managed scheduled executor on a clock the test turns by hand, doing to
 * scheduled tasks what WildFly 39 does (read in its source: {@code ControlPointUtils.ControlledScheduled*}, the
 * glassfish concurrency RI's {@code ManagedScheduledThreadPoolExecutor} and {@code ManagedFutureTask}): a cancelled
 * task stays queued until it is due; while suspended, scheduling is accepted but a task that comes due is not run — a
 * Runnable is logged as an ERROR with a stack trace (WFLYEE0110, counted in {@link #errorLogLines()}), a Callable only
 * fails its future — and a {@link ManagedTask}'s listener is told {@code taskDone} with the failure, or with a
 * {@link CancellationException} on cancel.
 */
final class SuspendableManagedScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final List<Scheduled<?>> queue = new ArrayList<>();
    private final boolean tellsListeners;
    private long now = 1_000_000_000L; // any origin: only differences count, as with System.nanoTime
    private long horizon; // where the running advance() stops
    private long sequence;
    private boolean suspended;
    private int errorLogLines;

    SuspendableManagedScheduler(boolean tellsListeners) {
        this.tellsListeners = tellsListeners;
    }

    long nanoTime() {
        return now;
    }

    void suspend() {
        suspended = true;
    }

    void resume() {
        suspended = false;
    }

    /** Moves the clock on by {@code duration}, running (or refusing) each task as it comes due, in time order. */
    void advance(Duration duration) {
        horizon = now + duration.toNanos();
        while (true) {
            Scheduled<?> next = queue.stream().min(Comparator.naturalOrder()).orElse(null);
            if (next == null || next.time - horizon > 0) {
                break;
            }
            queue.remove(next);
            now = Math.max(now, next.time);
            next.runOrRefuse();
        }
        now = horizon;
    }

    /** Called by a task: it takes {@code duration}, which delays everything after it (one thread, as in a stall). */
    void stall(Duration duration) {
        now += duration.toNanos();
        horizon += duration.toNanos();
    }

    /** Tasks in the queue, cancelled ones included (they hold the application's class loader in a real server). */
    int queued() {
        return queue.size();
    }

    int errorLogLines() {
        return errorLogLines;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Scheduled<>(Executors.callable(command, null), command, delay, 0, unit));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Scheduled<>(callable, callable, delay, 0, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(new Scheduled<>(Executors.callable(command, null), command, initialDelay, period, unit));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not used by the scheduler under test");
    }

    private <V> Scheduled<V> add(Scheduled<V> task) {
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        throw new IllegalStateException("a managed executor's lifecycle is the server's");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new IllegalStateException("a managed executor's lifecycle is the server's");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class Scheduled<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final Object submitted;
        private final long period;
        private final long order = sequence++;
        private long time;

        Scheduled(Callable<V> body, Object submitted, long delay, long period, TimeUnit unit) {
            super(body);
            this.submitted = submitted;
            this.time = now + unit.toNanos(delay);
            this.period = unit.toNanos(period);
        }

        void runOrRefuse() {
            if (isCancelled()) {
                return; // leaves the queue only now that it is due
            }
            if (suspended) {
                if (submitted instanceof Callable<?>) {
                    IllegalStateException refused = new IllegalStateException(
                            "Cannot run scheduled task " + submitted + " as container is suspended");
                    setException(refused);
                    tellListener(refused);
                } else {
                    errorLogLines++; // WFLYEE0110 with a stack trace; the Runnable's future stays pending
                    requeueIfPeriodic();
                }
                return;
            }
            if (period == 0) {
                run();
                tellListener(null);
            } else if (runAndReset()) {
                requeueIfPeriodic();
            }
        }

        private void requeueIfPeriodic() {
            if (period > 0) {
                time += period; // what ScheduledThreadPoolExecutor does: a stalled fixed-rate task catches up
                queue.add(this);
            }
        }

        private void tellListener(Throwable failure) {
            if (tellsListeners && submitted instanceof ManagedTask managed) {
                ManagedTaskListener listener = managed.getManagedTaskListener();
                if (listener != null) {
                    listener.taskDone(this, null, submitted, failure);
                }
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                tellListener(new CancellationException());
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(time - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Scheduled<?> task = (Scheduled<?>) other;
            int byTime = Long.compare(time - task.time, 0);
            return byTime != 0 ? byTime : Long.compare(order, task.order);
        }
    }
}
