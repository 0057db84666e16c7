package org.wsconnector.cdi;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the connector's timers and I/O threads come from. In an application server: the default managed scheduled
 * executor and managed thread factory from JNDI (Jakarta Concurrency), which the server owns. In SE: a named
 * single-thread daemon scheduler and a daemon thread factory that this class owns and shuts down in {@link #close()}.
 */
final class ConnectorExecutors implements AutoCloseable {
    static final String MANAGED_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    static final String MANAGED_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    static final String SE_SCHEDULER_THREAD = "ws-connector-scheduler";
    static final String SE_IO_THREAD_PREFIX = "ws-connector-io-";
    private static final Logger LOG = Logger.getLogger(ConnectorExecutors.class.getName());

    private final ScheduledExecutorService scheduler;
    private final ThreadFactory ioThreads;
    private final boolean owned;

    private ConnectorExecutors(ScheduledExecutorService scheduler, ThreadFactory ioThreads, boolean owned) {
        this.scheduler = scheduler;
        this.ioThreads = ioThreads;
        this.owned = owned;
    }

    static ConnectorExecutors obtain() {
        ScheduledExecutorService managed = lookup(MANAGED_SCHEDULER, ScheduledExecutorService.class);
        if (managed != null) {
            ThreadFactory managedThreads = lookup(MANAGED_THREAD_FACTORY, ThreadFactory.class);
            return new ConnectorExecutors(managed, managedThreads != null ? managedThreads : daemonThreads(), false);
        }
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, SE_SCHEDULER_THREAD);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true); // cancelled keepalive and reconnect timers must not pile up
        return new ConnectorExecutors(scheduler, daemonThreads(), true);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ThreadFactory ioThreads() {
        return ioThreads;
    }

    /** Shuts down what this class created; never what the server handed us. */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("ws-connector scheduler did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return owned ? "an owned SE scheduler (" + SE_SCHEDULER_THREAD + ")" : "the server's " + MANAGED_SCHEDULER;
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
