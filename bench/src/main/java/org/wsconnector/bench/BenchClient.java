package org.wsconnector.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.wsconnector.testbed.SslContexts;

/**
 * The client JVM: measures one client kind against one echo URI, three runs, and prints one {@code RESULT} line of
 * medians (plus a {@code RUN} line per run) for {@link Bench} to collect. Every run starts a fresh client instance;
 * the JVM is fresh per row, so no row inherits another's threads or garbage.
 *
 * <p>Arguments: kind (see {@link #driver}), echo URI, CA PEM file, CA PKCS12
 * trust store, its password.
 */
public final class BenchClient {
    static final int RUNS = 3;
    static final int IDLE_CONNECTIONS = 50;
    static final int WINDOW = 64;
    static final long RTT_WARMUP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long RTT_MEASURE_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final int RTT_MAX_SAMPLES = 50_000;
    static final long THROUGHPUT_WARMUP_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long THROUGHPUT_MEASURE_NANOS = TimeUnit.SECONDS.toNanos(2);
    static final long STALL_SECONDS = 5;

    private static final String TEXT_64 = "x".repeat(64);
    private static final String TEXT_1K = "y".repeat(1024);

    private BenchClient() {
    }

    /** A metric whose measurement stalled is NaN, so that the median is taken over the runs that completed. */
    record RunResult(double rttP50Micros, double rttP99Micros, double messagesPerSecond, double connectP50Millis,
                     double threadsPerConnection, double heapPerConnectionKb, long failedSends, int rttStalls,
                     int throughputStalls) {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        URI uri = URI.create(args[1]);
        boolean tls = "wss".equals(uri.getScheme());
        String caPem = tls ? args[2] : null;
        SSLContext sslContext = tls ? SslContexts.trusting(Path.of(args[3]), args[4].toCharArray()) : null;
        Target target = new Target(uri, caPem, sslContext, null);
        Supplier<Driver> drivers = () -> driver(kind, target, IDLE_CONNECTIONS + 2);
        // One discarded run first: class loading and JIT would otherwise make the first measured run an outlier.
        System.out.println("WARMUP " + format(run(drivers)));
        List<RunResult> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            RunResult run = run(drivers);
            runs.add(run);
            System.out.println("RUN " + format(run));
        }
        RunResult median = new RunResult(
                median(runs, RunResult::rttP50Micros), median(runs, RunResult::rttP99Micros),
                median(runs, RunResult::messagesPerSecond), median(runs, RunResult::connectP50Millis),
                median(runs, RunResult::threadsPerConnection), median(runs, RunResult::heapPerConnectionKb),
                runs.stream().mapToLong(RunResult::failedSends).sum(),
                runs.stream().mapToInt(RunResult::rttStalls).sum(),
                runs.stream().mapToInt(RunResult::throughputStalls).sum());
        System.out.println("RESULT " + format(median));
        System.out.flush();
        System.exit(0); // lingering non-daemon client threads (HttpClient, Tyrus pools) must not keep the JVM
    }

    /** A fresh driver of {@code kind}; {@code capacity} bounds the connections only the connector must declare. */
    static Driver driver(String kind, Target target, int capacity) {
        try {
            return switch (kind) {
                case "connector" -> new ConnectorDriver(target, capacity);
                case "tyrus-grizzly" -> new TyrusGrizzlyDriver(target);
                case "tyrus-grizzly-shared" -> new TyrusGrizzlyDriver(target, true);
                case "tyrus-jdk" -> new TyrusJdkDriver(target);
                case "jdk-http" -> new JdkHttpDriver(target);
                case "jetty" -> new JettyDriver(target);
                case "okhttp" -> new OkHttpDriver(target);
                case "socket" -> new PlainSocketDriver(target);
                default -> throw new IllegalArgumentException("unknown client kind " + kind);
            };
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a " + kind + " driver for " + target.uri(), e);
        }
    }

    private static RunResult run(Supplier<Driver> drivers) throws Exception {
        try (Driver driver = drivers.get()) {
            // Idle connections first, on a fresh client: threads and heap it adds, and how long each open takes.
            long threadsBefore = settledThreadCount();
            long heapBefore = usedHeapAfterGc();
            long[] connectNanos = new long[IDLE_CONNECTIONS];
            List<Driver.Connection> idle = new ArrayList<>();
            for (int i = 0; i < IDLE_CONNECTIONS; i++) {
                long start = System.nanoTime();
                idle.add(driver.open(text -> { }));
                connectNanos[i] = System.nanoTime() - start;
            }
            long threadsAfter = settledThreadCount();
            long heapAfter = usedHeapAfterGc();
            idle.forEach(Driver.Connection::close);

            long[] rtt = roundTrips(driver);
            Throughput throughput = throughput(driver);
            Arrays.sort(connectNanos);
            boolean rttStalled = rtt.length == 0;
            return new RunResult(rttStalled ? Double.NaN : percentile(rtt, 0.50) / 1e3,
                    rttStalled ? Double.NaN : percentile(rtt, 0.99) / 1e3,
                    throughput.stalled ? Double.NaN : throughput.messagesPerSecond,
                    percentile(connectNanos, 0.50) / 1e6,
                    (threadsAfter - threadsBefore) / (double) IDLE_CONNECTIONS,
                    (heapAfter - heapBefore) / 1024.0 / IDLE_CONNECTIONS,
                    throughput.failedSends, rttStalled ? 1 : 0, throughput.stalled ? 1 : 0);
        }
    }

    /** Sequential ping-pong of 64 B texts; returns sorted round-trip times in ns (empty when the echo stalled). */
    private static long[] roundTrips(Driver driver) throws Exception {
        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        Driver.Connection connection = driver.open(echoes::add);
        try {
            long[] samples = new long[RTT_MAX_SAMPLES];
            int count = 0;
            long warmupEnd = System.nanoTime() + RTT_WARMUP_NANOS;
            long end = warmupEnd + RTT_MEASURE_NANOS;
            while (count < samples.length) {
                long start = System.nanoTime();
                if (start >= end) {
                    break;
                }
                connection.send(TEXT_64);
                String echo = echoes.poll(STALL_SECONDS, TimeUnit.SECONDS);
                long elapsed = System.nanoTime() - start;
                if (echo == null || echo.length() != TEXT_64.length()) {
                    System.err.println("round trip stalled or wrong echo after " + count + " samples: "
                            + (echo == null ? "none for " + STALL_SECONDS + " s" : echo.length() + " chars"));
                    if (Boolean.getBoolean("bench.dumpOnStall")) {
                        Thread.getAllStackTraces().forEach((thread, stack) -> {
                            System.err.println("  " + thread.getName() + " " + thread.getState());
                            for (StackTraceElement element : stack) {
                                System.err.println("      at " + element);
                            }
                        });
                    }
                    return new long[0];
                }
                if (start >= warmupEnd) {
                    samples[count++] = elapsed;
                }
            }
            long[] measured = Arrays.copyOf(samples, count);
            Arrays.sort(measured);
            return measured;
        } finally {
            connection.close();
        }
    }

    record Throughput(double messagesPerSecond, long failedSends, boolean stalled) {
    }

    /** 1 KB texts, pipelined: at most {@link #WINDOW} sent and not yet echoed. */
    private static Throughput throughput(Driver driver) throws Exception {
        Semaphore window = new Semaphore(WINDOW);
        AtomicLong received = new AtomicLong();
        Driver.Connection connection = driver.open(text -> {
            received.incrementAndGet();
            window.release();
        });
        try {
            long warmupEnd = System.nanoTime() + THROUGHPUT_WARMUP_NANOS;
            long end = warmupEnd + THROUGHPUT_MEASURE_NANOS;
            long measuredFrom = -1;
            long receivedAtStart = 0;
            boolean stalled = false;
            long now = System.nanoTime();
            while (now < end) {
                if (measuredFrom < 0 && now >= warmupEnd) {
                    measuredFrom = now;
                    receivedAtStart = received.get();
                }
                if (!window.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("throughput stalled: no echo for " + STALL_SECONDS + " s with " + WINDOW
                            + " in flight");
                    stalled = true;
                    now = System.nanoTime();
                    break;
                }
                connection.send(TEXT_1K);
                now = System.nanoTime();
            }
            long receivedAtEnd = received.get();
            double rate = measuredFrom < 0 ? 0 : (receivedAtEnd - receivedAtStart) * 1e9 / (now - measuredFrom);
            if (!stalled && !window.tryAcquire(WINDOW, STALL_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("throughput: the last echoes never came");
                stalled = true;
            }
            return new Throughput(rate, connection.failedSends(), stalled);
        } finally {
            connection.close();
        }
    }

    /** Live threads once short-lived ones (connect attempts, handshake helpers) have had time to end. */
    private static long settledThreadCount() throws InterruptedException {
        Thread.sleep(500);
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static double median(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> metric) {
        double[] values = runs.stream().mapToDouble(metric).filter(value -> !Double.isNaN(value)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        // Upper median when an even number of runs completed.
        return values[values.length / 2];
    }

    static String format(RunResult r) {
        return String.format(Locale.ROOT, "rttP50Us=%.1f rttP99Us=%.1f msgsPerSec=%.0f connectP50Ms=%.2f "
                        + "threadsPerConn=%.3f heapPerConnKb=%.1f failedSends=%d rttStalls=%d throughputStalls=%d",
                r.rttP50Micros(), r.rttP99Micros(), r.messagesPerSecond(), r.connectP50Millis(),
                r.threadsPerConnection(), r.heapPerConnectionKb(), r.failedSends(), r.rttStalls(),
                r.throughputStalls());
    }
}
