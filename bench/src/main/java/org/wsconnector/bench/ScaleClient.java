package org.wsconnector.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.wsconnector.ManagedWebSocket;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

/**
 * Keepalive at scale, in its own JVM: opens {@code sessions} managed sessions to the echo server, each pinging every
 * second (3 probes), then measures over {@link #WINDOWS} windows of {@link #WINDOW_SECONDS} s: the threads of the
 * connector (and Tyrus, if it started any), heap per session after GC, client CPU per ping, pong round trip (each
 * session's last round trip, sampled every second), and how late each scheduled ping tick starts.
 *
 * <p>Arguments: ws echo URI, number of sessions.
 */
public final class ScaleClient {
    static final int WINDOWS = 3;
    static final int WINDOW_SECONDS = 5;
    private static final int OPEN_BATCH = 50;

    private ScaleClient() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        int sessions = Integer.parseInt(args[1]);
        long jvmThreadsBefore = settledThreads();
        long heapBefore = usedHeapAfterGc();
        PingLatenessScheduler scheduler = new PingLatenessScheduler(BenchConnectors.threads("timer"),
                sessions * WINDOW_SECONDS * 2 + 10_000);
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < sessions; i++) {
            String prefix = "websocket.client.s" + i + ".";
            properties.put(prefix + "uri", uri);
            properties.put(prefix + "connection-type", "on-demand");
            properties.put(prefix + "ping.interval", "1s");
            properties.put(prefix + "ping.probes", "3");
        }
        WebSocketConnector connector = BenchConnectors.create(properties, scheduler);
        try {
            long openStart = System.nanoTime();
            List<DefaultManagedWebSocket> opened = openAll(connector, sessions);
            double openSeconds = (System.nanoTime() - openStart) / 1e9;
            Thread.sleep(2_000); // every session has pinged at least once
            long heapAfter = usedHeapAfterGc();
            long jvmThreadsAfter = settledThreads();
            long libraryThreads = BenchConnectors.libraryThreads();

            ChildResult result = new ChildResult()
                    .put("sessions", sessions)
                    .put("openSeconds", openSeconds)
                    .put("libraryThreads", libraryThreads)
                    .put("jvmThreadsAdded", jvmThreadsAfter - jvmThreadsBefore)
                    .put("heapPerSessionKb", (heapAfter - heapBefore) / 1024.0 / sessions);
            for (int window = 0; window < WINDOWS; window++) {
                long cpuStart = ProcessCpu.nanos();
                long ticksStart = scheduler.ticks();
                scheduler.startRecording();
                List<Long> roundTrips = new ArrayList<>();
                for (int second = 0; second < WINDOW_SECONDS; second++) {
                    Thread.sleep(1_000);
                    for (DefaultManagedWebSocket session : opened) {
                        session.lastPingRoundTrip().ifPresent(rtt -> roundTrips.add(rtt.toNanos()));
                    }
                }
                long[] lateness = scheduler.stopRecording();
                long pings = scheduler.ticks() - ticksStart;
                long cpu = ProcessCpu.nanos() - cpuStart;
                long[] rtt = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
                long notOpen = opened.stream().filter(s -> s.state() != org.wsconnector.ConnectionState.OPEN).count();
                result.put("w" + window + ".pingsPerSec", pings / (double) WINDOW_SECONDS)
                        .put("w" + window + ".cpuPerPingUs", ProcessCpu.microsPerEvent(cpu, pings))
                        .put("w" + window + ".cpuPercent", cpu / 1e7 / WINDOW_SECONDS)
                        .put("w" + window + ".pongRttP99Ms", Stats.percentile(rtt, 0.99) / 1e6)
                        .put("w" + window + ".latenessP99Ms", Stats.percentile(lateness, 0.99) / 1e6)
                        .put("w" + window + ".latenessMaxMs", Stats.percentile(lateness, 1.0) / 1e6)
                        .put("w" + window + ".notOpen", notOpen);
            }
            result.print();
        } finally {
            connector.close();
            scheduler.shutdownNow();
        }
        System.exit(0);
    }

    /** Opens in batches, so that at most {@link #OPEN_BATCH} connect attempts (one thread each) run at once. */
    private static List<DefaultManagedWebSocket> openAll(WebSocketConnector connector, int sessions)
            throws InterruptedException {
        List<DefaultManagedWebSocket> opened = new ArrayList<>(sessions);
        for (int from = 0; from < sessions; from += OPEN_BATCH) {
            List<DefaultManagedWebSocket> batch = new ArrayList<>();
            for (int i = from; i < Math.min(sessions, from + OPEN_BATCH); i++) {
                DefaultManagedWebSocket session = connector.connection("s" + i).orElseThrow();
                session.open();
                batch.add(session);
            }
            for (ManagedWebSocket session : batch) {
                session.awaitOpen(Duration.ofSeconds(30));
            }
            opened.addAll(batch);
        }
        return opened;
    }

    static long settledThreads() throws InterruptedException {
        Thread.sleep(500);
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
