package org.wsconnector.impl.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The engine's scheduler, callback executor and clock in one, on virtual time: nothing runs until the test
 * {@linkplain #advance advances} the clock, and then every task that comes due runs on the test's thread, at
 * exactly its due time, in due-time order (ties in submission order). {@link #execute} queues for "now", so the
 * engine's callbacks, too, run only when the test says so, never on the thread that submitted them.
 *
 * <p>Fixed-rate tasks keep their schedule the way {@code ScheduledThreadPoolExecutor}'s do: after a
 * {@linkplain #stall stall} the missed runs come at once, in a burst, as a late scheduler's do.
 */
public final class VirtualScheduler extends DrivenScheduler implements EngineClock {
    /** An arbitrary, fixed wall-clock start: event instants are then exact too. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** Bounds {@link #advance}: a task that reschedules itself with no delay would otherwise spin for ever. */
    private static final int MAX_RUNS_PER_ADVANCE = 100_000;

    /** The virtual clock, apart from this class so that the queue can read it from construction on. */
    private static final class Time {
        volatile long nanos; // written under the scheduler's lock
    }

    private final Time time;

    public VirtualScheduler() {
        this(new Time());
    }

    private VirtualScheduler(Time time) {
        super(() -> time.nanos, MissedRuns.CATCH_UP);
        this.time = time;
    }

    @Override
    public synchronized long nanoTime() {
        return time.nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(time.nanos);
    }

    /** Virtual time passed since the start. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(time.nanos);
    }

    /** Runs every task due within {@code duration}, each at its due time, then sets the clock to the end. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = time.nanos + duration.toNanos();
        }
        for (int runs = 0; ; runs++) {
            if (runs == MAX_RUNS_PER_ADVANCE) {
                throw new IllegalStateException(runs + " tasks within one advance of " + duration + ": a busy loop?");
            }
            Runnable next;
            synchronized (this) {
                OptionalLong due = nextDueTime();
                if (due.isEmpty() || due.getAsLong() > target) {
                    time.nanos = target;
                    return;
                }
                time.nanos = Math.max(time.nanos, due.getAsLong());
                next = pollDue(time.nanos);
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
        time.nanos += duration.toNanos();
    }
}
