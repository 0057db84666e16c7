package org.wsconnector.bench;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The scheduler the connector is given in the scale benchmark, standing for the server's managed one: one thread, as
 * the connector's own SE scheduler. The connector schedules its pings at a fixed rate (and only its pings), so every
 * fixed-rate run is a ping tick; it records how late each tick starts against its due time
 * ({@code first due + n × period}) while recording is on.
 */
final class PingLatenessScheduler extends ScheduledThreadPoolExecutor {
    private final long[] latenessNanos;
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicLong ticks = new AtomicLong();
    private volatile boolean recording;

    PingLatenessScheduler(ThreadFactory threads, int maxSamples) {
        super(1, threads);
        this.latenessNanos = new long[maxSamples];
        prestartAllCoreThreads();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        long firstDue = System.nanoTime() + unit.toNanos(initialDelay);
        long periodNanos = unit.toNanos(period);
        Runnable timed = new Runnable() {
            private long run;

            @Override
            public void run() {
                long late = System.nanoTime() - (firstDue + run++ * periodNanos);
                ticks.incrementAndGet();
                if (recording) {
                    int index = samples.getAndIncrement();
                    if (index < latenessNanos.length) {
                        latenessNanos[index] = Math.max(0, late);
                    }
                }
                command.run();
            }
        };
        return super.scheduleAtFixedRate(timed, initialDelay, period, unit);
    }

    /** Ping ticks run so far, recorded or not. */
    long ticks() {
        return ticks.get();
    }

    void startRecording() {
        samples.set(0);
        recording = true;
    }

    /** Stops recording and returns the lateness samples, sorted, in nanoseconds. */
    long[] stopRecording() {
        recording = false;
        return Stats.sorted(latenessNanos, Math.min(samples.get(), latenessNanos.length));
    }
}
