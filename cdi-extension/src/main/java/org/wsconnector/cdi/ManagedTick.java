package org.wsconnector.cdi;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.enterprise.concurrent.ManagedTaskListener;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * {@link TickDrivenScheduler}'s tick as the server sees it: a {@link ManagedTask} that is its own listener, because
 * the server tells only the listener when it did not run the tick (WildFly while suspended). The only class of the
 * connector that names the Jakarta Concurrency API: it is loaded in a server only, which provides that API, so SE
 * applications need not have it (TickDrivenScheduler mentions this class in no signature).
 */
final class ManagedTick implements Callable<Void>, ManagedTask, ManagedTaskListener {
    private final TickDrivenScheduler.ServerTick tick;

    private ManagedTick(TickDrivenScheduler.ServerTick tick) {
        this.tick = tick;
    }

    static Callable<Void> around(TickDrivenScheduler.ServerTick tick) {
        return new ManagedTick(tick);
    }

    @Override
    public Void call() {
        return tick.call();
    }

    @Override
    public void taskDone(Future<?> future, ManagedExecutorService executor, Object task, Throwable exception) {
        tick.done(exception);
    }

    @Override
    public void taskAborted(Future<?> future, ManagedExecutorService executor, Object task, Throwable exception) {
        // taskDone follows and handles it
    }

    @Override
    public void taskSubmitted(Future<?> future, ManagedExecutorService executor, Object task) {
    }

    @Override
    public void taskStarting(Future<?> future, ManagedExecutorService executor, Object task) {
    }

    @Override
    public ManagedTaskListener getManagedTaskListener() {
        return this;
    }

    /** The name WildFly's messages and hung-task reports give the tick. */
    @Override
    public Map<String, String> getExecutionProperties() {
        return Map.of(ManagedTask.IDENTITY_NAME, TickDrivenScheduler.TICK_NAME);
    }

    @Override
    public String toString() {
        return TickDrivenScheduler.TICK_NAME;
    }
}
