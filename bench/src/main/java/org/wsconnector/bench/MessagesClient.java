package org.wsconnector.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One measured run of one client against the echo server, in a JVM of its own: threads and heap per idle
 * connection, echo round trips of 64 B and 16 KB texts, and pipelined 1 KB throughput, each with the client
 * process's CPU time per message over its window ({@link ProcessCpu}). A short warm-up pass of every
 * measurement comes first (class loading, JIT). {@link Bench} starts one such JVM per client per round, interleaving
 * clients, so a noisy moment of the shared machine hits one run of one client, not all runs of it.
 *
 * <p>Arguments: as {@link ClientArgs}.
 */
public final class MessagesClient {
    static final int IDLE_CONNECTIONS = 50;
    static final int WINDOW = 64;
    static final int THROUGHPUT_BYTES = 1024;
    static final long STALL_SECONDS = 5;
    private static final long WARMUP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long RTT_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final long THROUGHPUT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int RTT_MAX_SAMPLES = 100_000;

    private static final String TEXT_64 = "x".repeat(64);
    private static final String TEXT_16K = "z".repeat(16 * 1024);
    private static final String TEXT_1K = "y".repeat(THROUGHPUT_BYTES);

    private MessagesClient() {
    }

    public static void main(String[] args) throws Exception {
        ClientArgs client = ClientArgs.parse(args);
        ChildResult result = new ChildResult();
        try (Driver driver = client.driver()) {
            idleConnections(driver, result);
            roundTrips(driver, TEXT_64, WARMUP_NANOS);
            roundTrips(driver, TEXT_16K, WARMUP_NANOS);
            throughput(driver, WARMUP_NANOS);

            RoundTrips small = roundTrips(driver, TEXT_64, RTT_NANOS);
            RoundTrips large = roundTrips(driver, TEXT_16K, RTT_NANOS);
            Throughput throughput = throughput(driver, THROUGHPUT_NANOS);
            result.put("rtt64P50Us", Stats.percentile(small.sortedNanos(), 0.50) / 1e3)
                    .put("rtt64P99Us", Stats.percentile(small.sortedNanos(), 0.99) / 1e3)
                    .put("rtt64CpuUs", small.cpuMicrosPerRoundTrip())
                    .put("rtt16kP50Us", Stats.percentile(large.sortedNanos(), 0.50) / 1e3)
                    .put("rtt16kP99Us", Stats.percentile(large.sortedNanos(), 0.99) / 1e3)
                    .put("rtt16kCpuUs", large.cpuMicrosPerRoundTrip())
                    .put("msgsPerSec", throughput.messagesPerSecond())
                    .put("mbPerSec", throughput.messagesPerSecond() * THROUGHPUT_BYTES / 1e6)
                    .put("msgCpuUs", throughput.cpuMicrosPerMessage())
                    .put("failedSends", throughput.failedSends());
        }
        result.print();
        System.exit(0); // lingering non-daemon client threads (HttpClient, Tyrus pools) must not keep the JVM
    }

    /** Threads and heap a fresh client adds per open idle connection, and how long each sequential open takes. */
    private static void idleConnections(Driver driver, ChildResult result) throws Exception {
        long threadsBefore = ScaleClient.settledThreads();
        long heapBefore = ScaleClient.usedHeapAfterGc();
        long[] connectNanos = new long[IDLE_CONNECTIONS];
        List<Driver.Connection> idle = new ArrayList<>();
        for (int i = 0; i < IDLE_CONNECTIONS; i++) {
            long start = System.nanoTime();
            idle.add(driver.open(text -> { }));
            connectNanos[i] = System.nanoTime() - start;
        }
        long threadsAfter = ScaleClient.settledThreads();
        long heapAfter = ScaleClient.usedHeapAfterGc();
        idle.forEach(Driver.Connection::close);
        Arrays.sort(connectNanos);
        result.put("connectP50Ms", Stats.percentile(connectNanos, 0.50) / 1e6)
                .put("threadsPerConn", (threadsAfter - threadsBefore) / (double) IDLE_CONNECTIONS)
                .put("heapPerConnKb", (heapAfter - heapBefore) / 1024.0 / IDLE_CONNECTIONS);
    }

    /**
     * Round trip times in ns, sorted, and the client process's CPU time per round trip in µs; no times and NaN when
     * the run stalled.
     */
    record RoundTrips(long[] sortedNanos, double cpuMicrosPerRoundTrip) {
        static final RoundTrips STALLED = new RoundTrips(new long[0], Double.NaN);
    }

    /**
     * Sequential echo round trips of {@code text} for {@code nanos}, or {@link RoundTrips#STALLED} when an echo did
     * not come within {@link #STALL_SECONDS} (the run is then reported as stalled, not as slow). The CPU window
     * covers the round trips only, not opening and closing the connection.
     */
    private static RoundTrips roundTrips(Driver driver, String text, long nanos) throws Exception {
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        Driver.Connection connection = driver.open(echoes::add);
        try {
            long[] samples = new long[RTT_MAX_SAMPLES];
            int count = 0;
            long cpuStart = ProcessCpu.nanos();
            long end = System.nanoTime() + nanos;
            while (count < samples.length) {
                long start = System.nanoTime();
                if (start >= end) {
                    break;
                }
                connection.send(text);
                String echo = echoes.poll(STALL_SECONDS, TimeUnit.SECONDS);
                long elapsed = System.nanoTime() - start;
                if (echo == null || echo.length() != text.length()) {
                    System.err.println("round trip of " + text.length() + " chars stalled or wrong after " + count
                            + " samples: " + (echo == null ? "no echo for " + STALL_SECONDS + " s" : echo.length()));
                    return RoundTrips.STALLED;
                }
                samples[count++] = elapsed;
            }
            long cpu = ProcessCpu.nanos() - cpuStart;
            return new RoundTrips(Stats.sorted(samples, count), ProcessCpu.microsPerEvent(cpu, count));
        } finally {
            connection.close();
        }
    }

    /** Echoes per second, NaN when stalled; CPU per echoed message (its send and its echo) in µs. */
    record Throughput(double messagesPerSecond, long failedSends, double cpuMicrosPerMessage) {
        static Throughput stalled(long failedSends) {
            return new Throughput(Double.NaN, failedSends, Double.NaN);
        }
    }

    /**
     * 1 KB texts, pipelined: at most {@link #WINDOW} sent and not yet echoed; echoes received per second, and the
     * process's CPU time over the same window divided by those echoes.
     */
    private static Throughput throughput(Driver driver, long nanos) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicLong received = new AtomicLong();
        Driver.Connection connection = driver.open(text -> {
            received.incrementAndGet();
            window.release();
        });
        try {
            long cpuStart = ProcessCpu.nanos();
            long start = System.nanoTime();
            long end = start + nanos;
            long now = start;
            while (now < end) {
                if (!window.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("throughput stalled: no echo for " + STALL_SECONDS + " s with " + WINDOW
                            + " in flight");
                    return Throughput.stalled(connection.failedSends());
                }
                connection.send(TEXT_1K);
                now = System.nanoTime();
            }
            long cpu = ProcessCpu.nanos() - cpuStart;
            long echoed = received.get();
            double rate = echoed * 1e9 / (now - start);
            if (!window.tryAcquire(WINDOW, STALL_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("throughput: the last echoes never came");
                return Throughput.stalled(connection.failedSends());
            }
            return new Throughput(rate, connection.failedSends(), ProcessCpu.microsPerEvent(cpu, echoed));
        } finally {
            connection.close();
        }
    }
}
