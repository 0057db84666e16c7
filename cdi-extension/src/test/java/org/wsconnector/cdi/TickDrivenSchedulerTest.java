package org.wsconnector.cdi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Against an executor that behaves like WildFly's managed one (a cancelled task stays queued until its delay is over):
 * our cancelled timers never reach its queue, and after shutdown nothing of ours is left there beyond one tick. On a
 * hand-turned stand-in for WildFly's executor that can be suspended ({@link SuspendableManagedScheduler}): a suspend
 * pauses the timers with one log line and no error, and they go on after resume without a burst.
 */
class TickDrivenSchedulerTest {
    private final ScheduledThreadPoolExecutor server = new ScheduledThreadPoolExecutor(2); // removeOnCancel: false
    private final TickDrivenScheduler scheduler = new TickDrivenScheduler(server, Duration.ofMillis(20));
    private static final Duration TICK = Duration.ofMillis(50);
    private Runnable stopCapturingTheLog = () -> { };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        server.shutdownNow();
        stopCapturingTheLog.run();
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

    /**
     * The server's queue holds only our tick, and the tick reaches our own queue: a cancelled timer that stayed there
     * would keep what its task captured (the application's class loader) alive just the same. So the cancelled timer
     * must become unreachable, which a bounded series of collections shows.
     */
    @Test
    void aCancelledTimerLeavesNothingInTheServersQueue() {
        ScheduledFuture<?> timer = scheduler.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(server.getQueue()).as("only our tick").hasSize(1);

        timer.cancel(false);

        assertThat(timer.isCancelled()).isTrue();
        assertThat(server.getQueue()).as("still only our tick").hasSize(1);
        WeakReference<ScheduledFuture<?>> cancelled = new WeakReference<>(timer);
        timer = null;
        for (int collections = 0; collections < 50 && !cancelled.refersTo(null); collections++) {
            System.gc();
        }
        assertThat(cancelled.refersTo(null)).as("the cancelled timer is unreachable after at most 50 collections")
                .isTrue();
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

    @Test
    void whileTheServerIsSuspendedTheTimersPauseWithOneLogLineAndGoOnAfterResumeWithoutABurst() {
        SuspendableManagedScheduler wildFly = new SuspendableManagedScheduler(true);
        TickDrivenScheduler timers = new TickDrivenScheduler(wildFly, TICK, wildFly::nanoTime);
        AtomicInteger pings = new AtomicInteger();
        AtomicInteger deadlines = new AtomicInteger();
        timers.scheduleAtFixedRate(pings::incrementAndGet, 500, 500, TimeUnit.MILLISECONDS);
        timers.schedule(deadlines::incrementAndGet, 2, TimeUnit.SECONDS);
        List<LogRecord> log = captureLog();

        wildFly.advance(Duration.ofMillis(1_020));
        assertThat(pings.get()).as("pings before the suspend").isEqualTo(2);

        wildFly.suspend();
        wildFly.advance(Duration.ofSeconds(15));
        assertThat(pings.get()).as("pings while suspended").isEqualTo(2);
        assertThat(deadlines.get()).as("a deadline that came due while suspended").isZero();
        assertThat(wildFly.errorLogLines()).as("WFLYEE0110 errors").isZero();
        assertThat(log).as("log lines while suspended").singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getThrown()).isNull();
            assertThat(line.getMessage()).contains("paused");
        });

        wildFly.resume();
        wildFly.advance(TICK.multipliedBy(2));
        assertThat(pings.get()).as("30 missed pings are skipped: one runs at once").isEqualTo(3);
        assertThat(deadlines.get()).as("the overdue deadline").isEqualTo(1);
        wildFly.advance(Duration.ofMillis(1_000));
        assertThat(pings.get()).as("then at its rate again").isEqualTo(5);
        assertThat(wildFly.queued()).as("only our next tick in the server's queue").isEqualTo(1);

        wildFly.suspend();
        wildFly.advance(Duration.ofSeconds(3));
        assertThat(log).as("one line per suspend").hasSize(2);
        timers.shutdownNow();
        wildFly.advance(TICK);
        assertThat(wildFly.queued()).as("after shutdown while suspended").isZero();
    }

    @Test
    void aFixedRateTaskThatFellBehindSkipsTheMissedPeriodsInsteadOfCatchingUp() {
        SuspendableManagedScheduler wildFly = new SuspendableManagedScheduler(true);
        TickDrivenScheduler timers = new TickDrivenScheduler(wildFly, TICK, wildFly::nanoTime);
        AtomicInteger runs = new AtomicInteger();
        timers.scheduleAtFixedRate(runs::incrementAndGet, 100, 100, TimeUnit.MILLISECONDS);
        timers.schedule(() -> wildFly.stall(Duration.ofSeconds(2)), 120, TimeUnit.MILLISECONDS); // a slow task

        wildFly.advance(Duration.ofMillis(160));
        assertThat(runs.get()).isEqualTo(1);
        wildFly.advance(TICK);
        assertThat(runs.get()).as("once after the 2 s stall, not 20 times").isEqualTo(2);
        wildFly.advance(Duration.ofMillis(500));
        assertThat(runs.get()).as("then every 100 ms").isEqualTo(7);
    }

    @Test
    void aTickRefusedWithoutTellingItsListenerIsReArmedByTheNextSchedule() {
        SuspendableManagedScheduler deafServer = new SuspendableManagedScheduler(false);
        TickDrivenScheduler timers = new TickDrivenScheduler(deafServer, TICK, deafServer::nanoTime);
        AtomicInteger runs = new AtomicInteger();
        deafServer.suspend();
        deafServer.advance(TICK.multipliedBy(2));
        deafServer.resume();
        timers.schedule(runs::incrementAndGet, 0, TimeUnit.MILLISECONDS);

        deafServer.advance(TICK.multipliedBy(2));

        assertThat(runs.get()).isEqualTo(1);
        assertThat(deafServer.queued()).as("one tick chain, not two").isEqualTo(1);
    }

    @Test
    void aCancelledTimerNeverReachesTheServersQueueEvenWhileSuspended() {
        SuspendableManagedScheduler wildFly = new SuspendableManagedScheduler(true);
        TickDrivenScheduler timers = new TickDrivenScheduler(wildFly, TICK, wildFly::nanoTime);
        wildFly.suspend();
        ScheduledFuture<?> connectDeadline = timers.schedule(() -> { }, 10, TimeUnit.SECONDS);
        wildFly.advance(Duration.ofSeconds(1));

        connectDeadline.cancel(false);

        assertThat(wildFly.queued()).as("only our tick").isEqualTo(1);
    }

    /** What the scheduler logs at INFO and above during the calling test. */
    private List<LogRecord> captureLog() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(TickDrivenScheduler.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        stopCapturingTheLog = () -> logger.removeHandler(handler);
        return records;
    }
}
