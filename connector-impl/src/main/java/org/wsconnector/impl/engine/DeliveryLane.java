package org.wsconnector.impl.engine;

import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.config.DeliveryLimits;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the application's callbacks for one connection run: messages and state events in one sequence, one at a
 * time, in the order the connection produced them, on the worker executor (the server's managed executor, or the
 * connector's own threads in SE) — never on the I/O thread, a connect thread or the scheduler, so an observer that
 * writes to a database or blocks for seconds delays only its own connection. Lanes of different connections run in
 * parallel.
 *
 * <p>Offering never blocks and never drops: the lane counts what waits and asks the connection to stop reading its
 * socket once {@link DeliveryLimits} are reached ({@link #wantsReadsPaused()}), and to read again once half drained.
 * A lane drains a bounded batch per task and then queues itself again, so a busy lane shares a bounded pool fairly.
 *
 * <p>When the executor refuses a task (WildFly refuses every submission while suspended), what waits stays queued
 * and the lane tries again later through {@code retryLater} — the connector's scheduler, itself paused while the
 * server is suspended — so deliveries resume with the server, in order. At the connector's close, what a refused
 * lane holds is delivered on the closing thread instead ({@link #awaitIdle}).
 */
final class DeliveryLane {
    private static final Logger LOG = Logger.getLogger(DeliveryLane.class.getName());
    /** Deliveries per executor task before the lane yields its thread to other lanes. */
    private static final int BATCH = 64;

    /** One callback for every listener; {@code size} counts towards the limits for messages, 0 for state events. */
    private record Delivery(String what, Consumer<WebSocketListener> call, long size, boolean message) {
    }

    private final String client;
    private final Executor workers;
    private final List<WebSocketListener> listeners;
    /** Replaced by a reload ({@link #limits(DeliveryLimits)}); read at each offer. */
    private volatile DeliveryLimits limits;
    private final Runnable readPauseChanged;
    private final Consumer<Runnable> retryLater;
    private final Runnable drainTask = this::drain;

    // Guarded by this.
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private int queuedMessages;
    private long queuedBytes;
    private boolean readsPaused;
    private boolean scheduled;
    private boolean refused;
    private boolean retryPending;

    /**
     * @param listeners        the connection's listeners, read at each delivery (a concurrent list)
     * @param readPauseChanged called, without this lane's lock, when {@link #wantsReadsPaused()} may have changed
     *                         on the worker side; the caller re-reads it under its own lock
     * @param retryLater       runs the given task after a short delay (the connector's scheduler)
     */
    DeliveryLane(String client, Executor workers, List<WebSocketListener> listeners, DeliveryLimits limits,
                 Runnable readPauseChanged, Consumer<Runnable> retryLater) {
        this.client = client;
        this.workers = workers;
        this.listeners = listeners;
        this.limits = limits;
        this.readPauseChanged = readPauseChanged;
        this.retryLater = retryLater;
    }

    /**
     * Queues a received message; delivery starts at {@link #deliverOffered()}, once the I/O thread has handled the
     * whole read, so that the messages of one read cost one hand-over to a worker, not one each. Returns true when
     * this offer reached the limits and reading should now pause (the caller applies it at once, on the I/O thread,
     * before the next read).
     */
    synchronized boolean offerMessage(String what, Consumer<WebSocketListener> call, long size) {
        queue.add(new Delivery(what, call, size, true));
        queuedMessages++;
        queuedBytes += size;
        boolean pauseNow = !readsPaused && (queuedMessages >= limits.maxQueuedMessages()
                || queuedBytes >= limits.maxQueuedBytes());
        if (pauseNow) {
            readsPaused = true;
        }
        return pauseNow;
    }

    /** Starts delivering what was offered, unless a worker is already at it. */
    void deliverOffered() {
        boolean start;
        synchronized (this) {
            start = !queue.isEmpty() && claimStart();
        }
        if (start) {
            submit();
        }
    }

    /** Queues a state event behind every message already queued. */
    void offerState(ConnectionStateChanged change) {
        boolean start;
        synchronized (this) {
            queue.add(new Delivery("state", listener -> listener.onStateChanged(change), 0, false));
            start = claimStart();
        }
        if (start) {
            submit();
        }
    }

    /**
     * The limits for what is offered from now on: a reload changed them. What is queued stays; a lane paused under
     * the old limits reads again once it has drained to half, as always.
     */
    void limits(DeliveryLimits next) {
        limits = next;
    }

    /** Messages queued and not yet delivered. */
    synchronized int queuedMessages() {
        return queuedMessages;
    }

    /** Whether the connection should not read now: the limits were reached and the lane has not drained to half. */
    synchronized boolean wantsReadsPaused() {
        return readsPaused;
    }

    /**
     * Waits until nothing is queued or running, at most until {@code deadlineNanos}; true when idle. Called at the
     * connector's close, on the application's shutdown thread. When the executor refused the lane, the calling thread
     * delivers what waits itself: a WildFly server that shuts down suspends first and never resumes, so the retry
     * would never come (the final CLOSED events were lost and every shutdown waited out the deadline).
     */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (true) {
            synchronized (this) {
                if (!scheduled && queue.isEmpty()) {
                    return true;
                }
                if (refused && !scheduled) {
                    scheduled = true; // this thread drains; a retry arriving meanwhile finds the lane claimed
                } else {
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                    continue;
                }
            }
            drainHere(deadlineNanos);
        }
    }

    /** Delivers on the calling thread until the queue is empty or the deadline has passed. */
    private void drainHere(long deadlineNanos) {
        while (deliverBatch()) {
            if (deadlineNanos - System.nanoTime() <= 0) {
                synchronized (this) {
                    scheduled = false;
                    notifyAll();
                }
                return;
            }
        }
    }

    /** Under the lock: true when the caller must submit the drain task (nobody else will). */
    private boolean claimStart() {
        if (scheduled) {
            return false;
        }
        scheduled = true;
        return true;
    }

    private void submit() {
        try {
            workers.execute(drainTask);
        } catch (RejectedExecutionException e) {
            refusedBy(e);
        }
    }

    /** The executor refused: keep everything queued, try again later, say so once per refusal streak. */
    private void refusedBy(RejectedExecutionException e) {
        boolean first;
        boolean scheduleRetry;
        int waiting;
        synchronized (this) {
            scheduled = false;
            first = !refused;
            refused = true;
            scheduleRetry = !retryPending;
            retryPending = true;
            waiting = queue.size();
            notifyAll();
        }
        if (first) {
            // FINE: a suspended server refuses every task, and says so itself; one line per suspend is the budget.
            LOG.log(Level.FINE, "[{0}] the application executor refused a delivery ({1}); {2} callback(s) wait and "
                    + "are retried", new Object[]{client, e.getMessage(), waiting});
        }
        if (!scheduleRetry) {
            return; // one retry is already on its way
        }
        try {
            retryLater.accept(this::retry);
        } catch (RejectedExecutionException stopping) {
            LOG.log(Level.FINE, "[{0}] no retry of deliveries: the connector is stopping", client);
        }
    }

    private void retry() {
        synchronized (this) {
            retryPending = false;
        }
        deliverOffered();
    }

    private void drain() {
        synchronized (this) {
            refused = false;
        }
        if (deliverBatch()) {
            submit(); // more waits: queue again behind the other lanes' tasks
        }
    }

    /**
     * Delivers up to {@link #BATCH} of what waits, by the thread that claimed the lane; true when more waits (the
     * lane stays claimed), false when the queue ran empty (the lane is released).
     */
    private boolean deliverBatch() {
        for (int delivered = 0; delivered < BATCH; delivered++) {
            Delivery next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    scheduled = false;
                    notifyAll();
                    return false;
                }
            }
            deliver(next);
            if (next.message() && delivered(next.size())) {
                readPauseChanged.run();
            }
        }
        return true;
    }

    /** Counts a delivered message; true when reading may resume now. */
    private synchronized boolean delivered(long size) {
        queuedMessages--;
        queuedBytes -= size;
        if (readsPaused && queuedMessages <= limits.maxQueuedMessages() / 2
                && queuedBytes <= limits.maxQueuedBytes() / 2) {
            readsPaused = false;
            return true;
        }
        return false;
    }

    /** Calls every listener; one that throws (an Error included) is logged and stops neither the others nor the lane. */
    private void deliver(Delivery delivery) {
        for (WebSocketListener listener : listeners) {
            try {
                delivery.call().accept(listener);
            } catch (Throwable e) {
                LOG.log(e instanceof Error ? Level.SEVERE : Level.WARNING,
                        "[" + client + "] " + delivery.what() + " listener failed", e);
            }
        }
    }
}
