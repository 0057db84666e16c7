package org.wsconnector.testbed;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets threads wait, bounded, for recorded state to satisfy a condition, without polling or sleeping.
 *
 * <p>Writers update their own thread-safe state and then call {@link #signalChange()}; waiters re-probe
 * on every signal. Because the probe runs under the lock and the signal takes the lock, a change that
 * lands between a probe and the wait is never missed.
 */
final class StateMonitor {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Wakes every waiter so it re-checks its condition. */
    void signalChange() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code probe} yields a value.
     *
     * @param description what is awaited, for the timeout message; called only on timeout
     * @throws AwaitTimeoutException when {@code timeout} passes first, or the thread is interrupted
     *                               (the interrupt flag is then restored)
     */
    <T> T await(Supplier<Optional<T>> probe, Duration timeout, Supplier<String> description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AwaitTimeoutException("timed out after " + timeout + " waiting for "
                            + description.get());
                }
                changed.await(remaining, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwaitTimeoutException("interrupted while waiting for " + description.get());
        } finally {
            lock.unlock();
        }
    }
}
