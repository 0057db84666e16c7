package org.wsconnector.cdi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against an executor that behaves like WildFly's managed one (a cancelled task stays queued until its delay is over):
 * our cancelled timers never reach its queue, and after shutdown nothing of ours is left there beyond one tick.
 */
class TickDrivenSchedulerTest {
    private final ScheduledThreadPoolExecutor server = new ScheduledThreadPoolExecutor(2); // removeOnCancel: false
    private final TickDrivenScheduler scheduler = new TickDrivenScheduler(server, Duration.ofMillis(20));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void oneShotAndPeriodicTasksRunOnTheServersExecutorThreads() {
        AtomicInteger once = new AtomicInteger();
        AtomicInteger repeated = new AtomicInteger();
        Thread[] ranOn = new Thread[1];
        scheduler.schedule(() -> {
            once.incrementAndGet();
            ranOn[0] = Thread.currentThread();
        }, 50, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(repeated::incrementAndGet, 10, 30, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> once.get() == 1 && repeated.get() >= 5);
        assertThat(ranOn[0].getName()).startsWith("pool-"); // the "server's" thread, not one of ours
    }

    @Test
    void aCancelledTimerLeavesNothingInTheServersQueue() {
        ScheduledFuture<?> timer = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(server.getQueue()).as("only our tick").hasSize(1);

        timer.cancel(false);

        assertThat(timer.isCancelled()).isTrue();
        assertThat(server.getQueue()).as("still only our tick").hasSize(1);
    }

    @Test
    void afterShutdownTheServersQueueHoldsNothingOfOursWithinATick() {
        scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        scheduler.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.HOURS);

        scheduler.shutdownNow();

        assertThat(scheduler.isShutdown()).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> server.getQueue().isEmpty());
    }

    @Test
    void aPeriodicTaskThatThrowsStopsAloneWhileTheOthersGoOn() {
        AtomicInteger failingRuns = new AtomicInteger();
        AtomicInteger healthyRuns = new AtomicInteger();
        ScheduledFuture<?> failing = scheduler.scheduleAtFixedRate(() -> {
            failingRuns.incrementAndGet();
            throw new IllegalStateException("boom");
        }, 0, 20, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(healthyRuns::incrementAndGet, 0, 20, TimeUnit.MILLISECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> healthyRuns.get() >= 10);
        assertThat(failingRuns.get()).as("suppressed after its first failure").isEqualTo(1);
        assertThat(failing.isDone()).isTrue();
    }
}
