package org.wsconnector.cdi;

import org.wsconnector.impl.OwnedExecutors;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the connector's timers, I/O threads and application callbacks run. In an application server: the default
 * managed scheduled executor (timers and pings, through one tick of ours, see {@link TickDrivenScheduler}), the
 * default managed thread factory (I/O and connect attempts) and the default managed executor (application
 * callbacks, which so run with the application's naming, class loader and security context) from JNDI (Jakarta
 * Concurrency); the server owns all three, {@link #close()} cancels our tick. In SE: a named single-thread daemon
 * scheduler and a daemon thread factory, which {@link #close()} shuts down; callbacks then run on threads the
 * connector itself owns.
 */
final class ConnectorExecutors implements AutoCloseable {
    static final String MANAGED_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    static final String MANAGED_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    static final String SE_SCHEDULER_THREAD = "ws-connector-scheduler";
    static final String SE_IO_THREAD_PREFIX = "ws-connector-io-";
    /** Granularity of the connector's timers in a server: far below any timeout or ping interval worth setting. */
    static final java.time.Duration SERVER_TICK = java.time.Duration.ofMillis(50);
    private static final Logger LOG = Logger.getLogger(ConnectorExecutors.class.getName());

    private final ScheduledExecutorService scheduler;
    private final ThreadFactory ioThreads;
    private final Executor callbacks;

    private ConnectorExecutors(ScheduledExecutorService scheduler, ThreadFactory ioThreads, Executor callbacks) {
        this.scheduler = scheduler;
        this.ioThreads = ioThreads;
        this.callbacks = callbacks;
    }

    static ConnectorExecutors obtain() {
        ScheduledExecutorService managed = lookup(MANAGED_SCHEDULER, ScheduledExecutorService.class);
        if (managed != null) {
            ThreadFactory managedThreads = lookup(MANAGED_THREAD_FACTORY, ThreadFactory.class);
            // Our tasks run on the server's executor through one tick of ours: see TickDrivenScheduler for why
            // they are not scheduled there one by one. The tick is ours to cancel; the executor stays the server's.
            return new ConnectorExecutors(new TickDrivenScheduler(managed, SERVER_TICK),
                    managedThreads != null ? managedThreads : daemonThreads(),
                    lookup(MANAGED_EXECUTOR, ExecutorService.class));
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, SE_SCHEDULER_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true); // cancelled keepalive and reconnect timers must not pile up
        return new ConnectorExecutors(scheduler, daemonThreads(), null);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ThreadFactory ioThreads() {
        return ioThreads;
    }

    /** The server's managed executor for application callbacks; null in SE, where the connector owns its threads. */
    Executor callbacks() {
        return callbacks;
    }

    /** Shuts down what this class created (the SE scheduler, or the tick on the server's); never the server's executor. */
    @Override
    public void close() {
        OwnedExecutors.stop(scheduler, "ws-connector scheduler");
    }

    @Override
    public String toString() {
        return scheduler instanceof TickDrivenScheduler ? "the server's " + MANAGED_SCHEDULER
                : "an owned SE scheduler (" + SE_SCHEDULER_THREAD + ")";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, SE_IO_THREAD_PREFIX + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static <T> T lookup(String name, Class<T> type) {
        try {
            Object found = new InitialContext().lookup(name);
            return type.isInstance(found) ? type.cast(found) : null;
        } catch (NamingException | RuntimeException notInAServer) {
            LOG.log(Level.FINEST, "{0} not available: {1}", new Object[]{name, notInAServer.toString()});
            return null;
        }
    }
}
