package org.wsconnector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.wsconnector.bench.Bench.Row;
import org.wsconnector.bench.Stats.Spread;

/**
 * Turns the runs of every phase into Markdown: each figure is the median over runs with its min–max, and, where the
 * issue asks, a ratio to raw Tyrus with its defaults on the same scheme. Ends with the targets and whether each is met.
 */
final class Tables {
    /** Key a scale run carries when it came from the compared build. */
    static final String COMPARED = "compared";

    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    void messages(Map<Row, List<Map<String, Double>>> runs) {
        out.append("## Messages (echo through the Jetty 12 server)\n\n");
        out.append("| client | RTT 64 B p50 | RTT 64 B p99 | RTT 16 KB p50 | RTT 16 KB p99 | 1 KB msgs/s (window ")
                .append(MessagesClient.WINDOW).append(") | 1 KB MB/s | client CPU per 1 KB msg "
                        + "| client CPU per 64 B RTT | client CPU per 16 KB RTT | connect p50 | threads per idle conn "
                        + "| heap per idle conn | runs |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        runs.forEach((row, results) -> {
            Function<String, Spread> spread = key -> spread(results, key);
            Function<String, Spread> base = key -> baseline(runs, row, key);
            out.append("| ").append(row.name())
                    .append(" | ").append(cell(spread.apply("rtt64P50Us"), "%.0f µs", base.apply("rtt64P50Us")))
                    .append(" | ").append(cell(spread.apply("rtt64P99Us"), "%.0f µs", base.apply("rtt64P99Us")))
                    .append(" | ").append(cell(spread.apply("rtt16kP50Us"), "%.0f µs", base.apply("rtt16kP50Us")))
                    .append(" | ").append(cell(spread.apply("rtt16kP99Us"), "%.0f µs", base.apply("rtt16kP99Us")))
                    .append(" | ").append(cell(spread.apply("msgsPerSec"), "%,.0f", base.apply("msgsPerSec")))
                    .append(" | ").append(cell(spread.apply("mbPerSec"), "%.1f", null))
                    .append(" | ").append(cell(spread.apply("msgCpuUs"), "%.1f µs", base.apply("msgCpuUs")))
                    .append(" | ").append(cell(spread.apply("rtt64CpuUs"), "%.0f µs", base.apply("rtt64CpuUs")))
                    .append(" | ").append(cell(spread.apply("rtt16kCpuUs"), "%.0f µs", base.apply("rtt16kCpuUs")))
                    .append(" | ").append(cell(spread.apply("connectP50Ms"), "%.1f ms", base.apply("connectP50Ms")))
                    .append(" | ").append(cell(spread.apply("threadsPerConn"), "%.2f", null))
                    .append(" | ").append(cell(spread.apply("heapPerConnKb"), "%.0f KB", null))
                    .append(" | ").append(results.size()).append(failedSends(results)).append(" |\n");
        });
        out.append("\nEach cell: median of the runs (min–max) and, for latency, throughput, CPU and connect, the "
                + "ratio to Tyrus defaults (Grizzly container, `ClientManager.createClient()`) on the same scheme (ws "
                + "for the proxy and floor rows). Lower is better for latency, CPU and connect, higher for throughput. "
                + "Client CPU: the client process's CPU time (all its threads, GC and JIT included) over the measured "
                + "window divided by the messages echoed in it (pipelined) or the round trips; the server's CPU is "
                + "not in it. "
                + "Threads and heap: what a fresh client adds per open idle connection (" + MessagesClient.IDLE_CONNECTIONS
                + " connections, after GC; heap is rough).\n\n");
        messageTargets(runs);
    }

    private void messageTargets(Map<Row, List<Map<String, Double>>> runs) {
        for (Row row : runs.keySet()) {
            if (!"connector".equals(row.kind()) || row.proxied() || row.compared()) {
                continue;
            }
            Spread throughput = spread(runs.get(row), "msgsPerSec");
            Spread tyrus = baseline(runs, row, "msgsPerSec");
            target(row.name() + " throughput vs Tyrus defaults", "≥ 1.00×", ratio(throughput, tyrus),
                    throughput.median() >= tyrus.median());
            for (String key : List.of("rtt64P50Us", "rtt16kP50Us")) {
                Spread latency = spread(runs.get(row), key);
                Spread base = baseline(runs, row, key);
                target(row.name() + " " + (key.startsWith("rtt64") ? "64 B" : "16 KB") + " p50 vs Tyrus defaults",
                        "≤ 1.00×", ratio(latency, base), latency.median() <= base.median());
            }
            Row best = null;
            Spread bestThroughput = null;
            for (Row peer : runs.keySet()) {
                if (Bench.PEER_KINDS.contains(peer.kind()) && peer.scheme().equals(row.scheme())) {
                    Spread candidate = spread(runs.get(peer), "msgsPerSec");
                    if (bestThroughput == null || candidate.median() > bestThroughput.median()) {
                        best = peer;
                        bestThroughput = candidate;
                    }
                }
            }
            if (best != null) {
                target(row.name() + " throughput vs best peer (" + best.name() + ")", "≥ 0.80×",
                        ratio(throughput, bestThroughput), throughput.median() >= 0.8 * bestThroughput.median());
            }
        }
    }

    void connect(Map<String, List<Map<String, Double>>> runs) {
        out.append("## Connect: time to OPEN\n\n| client | ws | wss | wss via CONNECT proxy | runs |\n|---|---|---|---|---|\n");
        List<Map<String, Double>> base = runs.get(Bench.BASELINE_KIND);
        runs.forEach((kind, results) -> out.append("| ").append(kind)
                .append(" | ").append(cell(spread(results, "wsMs"), "%.1f ms", spread(base, "wsMs")))
                .append(" | ").append(cell(spread(results, "wssMs"), "%.1f ms", spread(base, "wssMs")))
                .append(" | ").append(cell(spread(results, "wssProxyMs"), "%.1f ms", spread(base, "wssProxyMs")))
                .append(" | ").append(results.size()).append(" |\n"));
        out.append("\nMedian of the per-run p50 (min–max) of ").append(ConnectClient.OPENS)
                .append(" sequential opens after ").append(ConnectClient.WARMUP)
                .append(" discarded ones, a fresh client per target that reopens: each connection is closed before "
                        + "the next open (the connector: one named client reopening, as on a reconnect), so a client "
                        + "that keeps its TLS sessions resumes them; ratio to Tyrus defaults. Includes TCP connect, "
                        + "CONNECT tunnel, TLS handshake with certificate and hostname verification (none when the "
                        + "session is resumed), and upgrade. A new named client's first connection (full handshake) "
                        + "is the messages table's connect p50.\n\n");
    }

    void scale(List<Map<String, Double>> runs, String comparedLabel) {
        out.append("## Keepalive at scale: managed sessions pinging every 1 s\n\n");
        out.append("| sessions | opened in | connector + Tyrus threads | JVM threads added | heap per session "
                + "| client CPU per ping | client CPU | pong RTT p99 | ping lateness p99 | ping lateness max "
                + "| pings/s |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Long> threadCounts = new ArrayList<>();
        List<Map<String, Double>> own = new ArrayList<>();
        for (Map<String, Double> run : runs) {
            Function<String, Spread> windows = key -> windows(run, key);
            boolean compared = run.containsKey(COMPARED);
            if (!compared) {
                own.add(run);
                threadCounts.add(run.get("libraryThreads").longValue());
            }
            out.append(String.format(Locale.ROOT, "| %,d%s | %.1f s | %d | %d | %.1f KB | %s | %s | %s | %s | %s | %s |%n",
                    run.get("sessions").intValue(), compared ? " (" + comparedLabel + ")" : "", run.get("openSeconds"),
                    run.get("libraryThreads").longValue(),
                    run.get("jvmThreadsAdded").longValue(), run.get("heapPerSessionKb"),
                    cell(windows.apply("cpuPerPingUs"), "%.1f µs", null),
                    cell(windows.apply("cpuPercent"), "%.1f %%", null),
                    cell(windows.apply("pongRttP99Ms"), "%.2f ms", null),
                    cell(windows.apply("latenessP99Ms"), "%.2f ms", null),
                    cell(windows.apply("latenessMaxMs"), "%.1f ms", null),
                    cell(windows.apply("pingsPerSec"), "%,.0f", null)));
        }
        out.append("\nOne client JVM per size (-Xmx2g, default GC), one managed connector over ws, ping.interval=1s, "
                + "ping.probes=3, sessions opened ").append("in batches of 50 concurrent attempts. Per size: ")
                .append(ScaleClient.WINDOWS).append(" windows of ").append(ScaleClient.WINDOW_SECONDS)
                .append(" s, median (min–max) over windows. Threads: live threads named by the connector, Tyrus or "
                        + "Grizzly (the scheduler standing for the server's managed one included). Heap: used heap "
                        + "after GC with all sessions open minus before the connector, per session. CPU per ping: "
                        + "the client process's CPU time over the window divided by the pings sent in it (everything "
                        + "the JVM did: ping, pong, timers, GC). Pong RTT: each session's last ping round trip, "
                        + "sampled every second. Lateness: start of each ping tick minus its due time.\n\n");
        if (!own.isEmpty()) {
            target("threads constant in the number of sessions", "same count at every size",
                    "connector + Tyrus threads " + threadCounts, threadCounts.stream().distinct().count() == 1);
            Map<String, Double> largest = own.get(own.size() - 1);
            int sessions = largest.get("sessions").intValue();
            double heap = largest.get("heapPerSessionKb");
            target("heap per idle session (" + sessions + " sessions)", "≤ 32 KB",
                    String.format(Locale.ROOT, "%.1f KB", heap), heap <= 32);
            Spread lateness = windows(largest, "latenessP99Ms");
            target("ping lateness p99 with " + sessions + " sessions", "≤ 50 ms",
                    String.format(Locale.ROOT, "%.2f ms (worst window %.2f ms)", lateness.median(), lateness.max()),
                    lateness.max() <= 50);
        }
    }

    void deadPeer(Map<String, Double> run, long intervalMillis, int probes) {
        out.append("## Dead-peer detection\n\n");
        List<Double> detections = new ArrayList<>();
        run.forEach((key, value) -> {
            if (key.startsWith("detectMs.")) {
                detections.add(value);
            }
        });
        long bound = (probes + 1) * intervalMillis + 100;
        Spread spread = Spread.of(detections);
        long within = detections.stream().filter(d -> !d.isNaN() && d <= bound).count();
        long missed = detections.stream().filter(d -> d.isNaN()).count();
        out.append("| ping.interval | ping.probes | bound (probes+1)×interval+100 ms | freezes | detected "
                + "| min | median | max | within bound |\n|---|---|---|---|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| %d ms | %d | %d ms | %d | %d | %.0f ms | %.0f ms | %.0f ms | %d/%d |%n",
                intervalMillis, probes, bound, detections.size(), detections.size() - missed, spread.min(),
                spread.median(), spread.max(), within, detections.size()));
        out.append("\nOne managed session through a relay whose path freezes (bytes stop, sockets stay open: "
                + "only pings can tell) at a random phase of the ping period; detection = freeze to the "
                + "dead-peer state event. Lower limit by design: probes×interval = ")
                .append(probes * intervalMillis).append(" ms.\n\n");
        if (!detections.isEmpty()) {
            target("dead-peer detection within (probes+1)×interval+100 ms", "all ≤ " + bound + " ms",
                    String.format(Locale.ROOT, "%d/%d, max %.0f ms", within, detections.size(), spread.max()),
                    within == detections.size());
        }
    }

    String render(List<String> skipped, double seconds) {
        StringBuilder report = new StringBuilder("# ws-connector benchmark\n\n");
        report.append(machine()).append(String.format(Locale.ROOT, "Whole run: %.0f s.%n%n", seconds));
        report.append(out);
        if (!targets.isEmpty()) {
            report.append("## Targets\n\n| target | wanted | measured | met |\n|---|---|---|---|\n");
            targets.forEach(t -> report.append("| ").append(String.join(" | ", t)).append(" |\n"));
            report.append('\n');
        }
        if (!skipped.isEmpty()) {
            report.append("## Not measured\n\n");
            skipped.forEach(line -> report.append("- ").append(line).append('\n'));
        }
        return report.toString();
    }

    private void target(String name, String wanted, String measured, boolean met) {
        targets.add(new String[] {name, wanted, measured, met ? "yes" : "**no**"});
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux: the OS line below still says what ran
        }
        long memoryGb = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
        return String.format(Locale.ROOT, "Machine: %s, %d cores, %d GiB, %s %s; Java %s (%s); %s. "
                        + "Loopback only; client and server JVMs share the cores.%n",
                cpu, Runtime.getRuntime().availableProcessors(), memoryGb, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    private static Spread spread(List<Map<String, Double>> runs, String key) {
        if (runs == null) {
            return Spread.of(List.of());
        }
        return Spread.of(runs.stream().map(run -> run.getOrDefault(key, Double.NaN)).toList());
    }

    private static Spread windows(Map<String, Double> run, String key) {
        List<Double> values = new ArrayList<>();
        for (int window = 0; window < ScaleClient.WINDOWS; window++) {
            values.add(run.getOrDefault("w" + window + "." + key, Double.NaN));
        }
        return Spread.of(values);
    }

    private static Spread baseline(Map<Row, List<Map<String, Double>>> runs, Row row, String key) {
        return runs.entrySet().stream()
                .filter(e -> e.getKey().kind().equals(Bench.BASELINE_KIND) && !e.getKey().proxied()
                        && e.getKey().scheme().equals(row.baselineScheme()))
                .findFirst().map(e -> spread(e.getValue(), key)).orElse(null);
    }

    private static String cell(Spread spread, String format, Spread base) {
        if (spread == null || !spread.known()) {
            return "—";
        }
        StringBuilder cell = new StringBuilder(String.format(Locale.ROOT, format, spread.median()));
        if (spread.count() > 1) {
            cell.append(String.format(Locale.ROOT, " (" + numberPart(format) + "–" + numberPart(format) + ")",
                    spread.min(), spread.max()));
        }
        if (base != null && base.known() && base.median() > 0) {
            cell.append(" ").append(ratio(spread, base));
        }
        return cell.toString();
    }

    private static String ratio(Spread value, Spread base) {
        if (value == null || base == null || !value.known() || !base.known()) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", value.median() / base.median());
    }

    /** The number part of a cell format ({@code "%.1f ms"} → {@code "%.1f"}), for the min–max. */
    private static String numberPart(String format) {
        return format.substring(0, format.indexOf('f') + 1).replace("%%", "");
    }

    private static String failedSends(List<Map<String, Double>> results) {
        double failed = results.stream().mapToDouble(r -> r.getOrDefault("failedSends", 0.0)).sum();
        return failed > 0 ? String.format(Locale.ROOT, "; %.0f failed sends", failed) : "";
    }
}
