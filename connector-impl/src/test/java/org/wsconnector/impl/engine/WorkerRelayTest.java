package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How an engine signal reaches the application: on a worker; while the workers refuse (a suspended server) retried
 * every 200 ms on the scheduler and never lost; inline only when the scheduler is stopped too.
 */
class WorkerRelayTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final List<Runnable> workerTasks = new ArrayList<>();
    private int refusalsLeft;
    private final Executor workers = task -> {
        if (refusalsLeft > 0) {
            refusalsLeft--;
            throw new RejectedExecutionException("suspended");
        }
        workerTasks.add(task);
    };
    private final WorkerRelay relay = new WorkerRelay("c", workers, time, 200);

    @Test
    void theStageCompletesOnlyWhenAWorkerRunsTheCompletion() {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        CompletableFuture<Void> relayed = relay.relay(signal).toCompletableFuture();

        signal.complete(null);
        assertThat(relayed).as("not on the completing thread").isNotDone();
        workerTasks.forEach(Runnable::run);

        assertThat(relayed).isCompleted();
    }

    @Test
    void aFailureIsRelayedAsItIs() {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        CompletableFuture<Void> relayed = relay.relay(signal).toCompletableFuture();
        IllegalStateException failure = new IllegalStateException("cycle failed");

        signal.completeExceptionally(failure);
        workerTasks.forEach(Runnable::run);

        assertThat(relayed).failsWithin(Duration.ZERO).withThrowableThat().havingCause().isSameAs(failure);
    }

    @Test
    void whileTheWorkersRefuseTheCompletionIsRetriedEvery200msAndNotLost() {
        refusalsLeft = 3;
        CompletableFuture<Void> signal = new CompletableFuture<>();
        CompletableFuture<Void> relayed = relay.relay(signal).toCompletableFuture();

        signal.complete(null);
        time.advance(Duration.ofMillis(599));
        assertThat(workerTasks).as("refused at 0, 200 and 400 ms").isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(workerTasks).hasSize(1);
        workerTasks.get(0).run();

        assertThat(relayed).isCompleted();
    }

    @Test
    void whenTheSchedulerIsStoppedTooTheCompletionRunsInline() {
        refusalsLeft = 1;
        time.shutdown();
        CompletableFuture<Void> signal = new CompletableFuture<>();
        CompletableFuture<Void> relayed = relay.relay(signal).toCompletableFuture();

        signal.complete(null);

        assertThat(relayed).isCompleted();
    }

    @Test
    void anAlreadyCompleteSignalGivesACompleteStage() {
        CompletableFuture<String> relayed = relay.relay(CompletableFuture.completedFuture("done"))
                .toCompletableFuture();

        assertThat(relayed).isCompletedWithValue("done");
        assertThat(workerTasks).isEmpty();
    }
}
