package org.wsconnector.impl.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands the outcome of an engine signal to the application on a callback worker. The engine completes its signals
 * under its lock on the I/O thread, a connect thread or a timer; what the application chains on a stage it got from
 * {@code open()} or {@code close()} must run on none of those. Not on the client's delivery lane either: a callback
 * that waits for such a stage would otherwise wait for itself.
 */
final class WorkerRelay {
    private static final Logger LOG = Logger.getLogger(WorkerRelay.class.getName());

    private final String client;
    private final Executor workers;
    private final ScheduledExecutorService retries;
    private final long retryMillis;

    /**
     * @param workers the callback executor
     * @param retries tries again after {@code retryMillis} when the workers refuse (a suspended server)
     */
    WorkerRelay(String client, Executor workers, ScheduledExecutorService retries, long retryMillis) {
        this.client = client;
        this.workers = workers;
        this.retries = retries;
        this.retryMillis = retryMillis;
    }

    /** A stage completed like {@code signal}, on a worker. An already complete signal gives a complete stage. */
    <T> CompletionStage<T> relay(CompletableFuture<T> signal) {
        if (signal.isDone()) {
            return signal.copy(); // the caller chains on its own thread, as on any completed stage
        }
        CompletableFuture<T> relayed = new CompletableFuture<>();
        signal.whenComplete((value, failure) -> hand(() -> {
            if (failure == null) {
                relayed.complete(value);
            } else {
                relayed.completeExceptionally(failure);
            }
        }));
        return relayed;
    }

    private void hand(Runnable completion) {
        try {
            workers.execute(completion);
        } catch (RejectedExecutionException refused) {
            try {
                retries.schedule(() -> hand(completion), retryMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // The connector is stopping and no worker will run again: complete here rather than never.
                LOG.log(Level.FINE, "[{0}] no worker for a completion: the connector is stopping", client);
                completion.run();
            }
        }
    }
}
