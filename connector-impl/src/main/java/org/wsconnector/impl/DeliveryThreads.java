package org.wsconnector.impl;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker threads that run application callbacks when no server executor is given (SE); owned by the
 * {@link WebSocketConnector} that made them, which shuts them down.
 *
 * <p>On a JVM with virtual threads (21+) each callback task gets a virtual thread: a blocking observer costs no
 * platform thread. On Java 17 {@value #STEADY} threads serve every lane while callbacks are quick; only when a task
 * has waited {@link #STALL} — every thread is blocked in application code — does one more thread start, so a blocked
 * observer never holds up another connection for longer than that, while a burst of quick callbacks (5,000
 * connections opening) adds no thread. Each lane has at most one task in flight, so the threads never outnumber
 * the connections; a thread idle for {@link #IDLE} ends, so a connector that delivers nothing holds none.
 */
final class DeliveryThreads extends AbstractExecutorService {
    static final String THREAD_PREFIX = "ws-connector-delivery-";
    private static final int STEADY = 2;
    private static final Duration STALL = Duration.ofMillis(50);
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(DeliveryThreads.class.getName());

    private final ScheduledExecutorService stallChecks;
    private final AtomicInteger counter = new AtomicInteger();
    // Guarded by this.
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Set<Thread> threads = new HashSet<>();
    private int waiting;
    private long taken;
    private boolean stallCheckPending;
    private boolean shutdown;

    private DeliveryThreads(ScheduledExecutorService stallChecks) {
        this.stallChecks = stallChecks;
    }

    /** @param scheduler the connector's scheduler, for the stall checks of the Java 17 pool */
    static ExecutorService create(ScheduledExecutorService scheduler) {
        ExecutorService virtual = virtualThreadsIfAvailable();
        return virtual != null ? virtual : new DeliveryThreads(scheduler);
    }

    @Override
    public synchronized void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the connector's callback threads are stopped");
        }
        queue.add(task);
        if (waiting > 0) {
            notify(); // a waiting thread drains the queue, this task included...
        } else if (threads.size() < STEADY) {
            startThread();
            return;
        }
        checkForStallLater(); // ...unless it blocks on an earlier task: a waiting thread may already be claimed
    }

    private void checkForStallLater() {
        if (stallCheckPending) {
            return;
        }
        stallCheckPending = true;
        long takenBefore = taken;
        try {
            stallChecks.schedule(() -> checkForStall(takenBefore), STALL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            stallCheckPending = false;
            startThread(); // no scheduler left to notice a stall: never leave a task behind a blocked thread
        }
    }

    /** Nothing was taken from the queue for {@link #STALL}: every thread is blocked; start one more. */
    private synchronized void checkForStall(long takenBefore) {
        stallCheckPending = false;
        if (shutdown || queue.isEmpty()) {
            return;
        }
        if (taken == takenBefore && waiting == 0) {
            startThread();
        }
        checkForStallLater();
    }

    private void startThread() {
        Thread thread = new Thread(this::work, THREAD_PREFIX + counter.incrementAndGet());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void work() {
        try {
            Runnable task;
            while ((task = next()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(Level.SEVERE, "callback task failed", e); // the lanes catch everything; never reached
                }
            }
        } catch (InterruptedException stopping) {
            // shutdownNow: end
        } finally {
            synchronized (this) {
                threads.remove(Thread.currentThread());
                notifyAll();
            }
        }
    }

    /** The next task, or null when this thread has been idle for {@link #IDLE} or the pool stops. */
    private synchronized Runnable next() throws InterruptedException {
        long deadline = System.nanoTime() + IDLE.toNanos();
        while (queue.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (shutdown || left <= 0) {
                return null;
            }
            waiting++;
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } finally {
                waiting--;
            }
        }
        taken++;
        return queue.poll();
    }

    @Override
    public void shutdown() {
        shutdownNow();
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> never = new ArrayList<>(queue);
        queue.clear();
        threads.forEach(Thread::interrupt);
        notifyAll();
        return never;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && threads.isEmpty();
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!threads.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory())}, found reflectively. */
    private static ExecutorService virtualThreadsIfAvailable() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, THREAD_PREFIX, 1L);
            ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method perTask = java.util.concurrent.Executors.class.getMethod("newThreadPerTaskExecutor",
                    ThreadFactory.class);
            return (ExecutorService) perTask.invoke(null, factory);
        } catch (NoSuchMethodException | ClassNotFoundException java17) {
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "virtual threads not usable, using platform threads", e);
            return null;
        }
    }
}
