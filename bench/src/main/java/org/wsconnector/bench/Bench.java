package org.wsconnector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

/**
 * Runs the benchmark and prints Markdown tables (also written to {@code bench/results/latest.md}): messages,
 * connect, keepalive at scale, dead-peer detection, and the targets. One echo server JVM ({@link BenchServer}: Jetty
 * 12 echo, a plain TCP echo, a CONNECT proxy) serves every client of the invocation; every measurement runs in a
 * client JVM of its own, clients interleaved round by round.
 *
 * <p>Optional arguments: the phases to run ({@code messages connect scale deadpeer}), default all, and
 * {@code rounds=N} (default {@value #DEFAULT_ROUNDS}) for a quicker look; {@code compare=CLASSPATH} and
 * {@code compare-label=TEXT} run the managed rows of the messages and scale phases also from another build (its
 * {@code bench/target/classes:bench/target/lib/*}), interleaved with this build's; its messages rows are measured by
 * this build's {@link MessagesClient} ({@link MeasuringOverlay}), so they have every column. The whole run
 * stops itself after {@link #BUDGET_MINUTES} minutes: what did not run is reported as skipped.
 */
public final class Bench {
    static final int DEFAULT_ROUNDS = 3;
    static final int BUDGET_MINUTES = 14;
    static final List<Integer> SCALE_SESSIONS = List.of(100, 1_000, 5_000);
    static final int FREEZES = 20;
    static final long FREEZE_INTERVAL_MILLIS = 500;
    static final int FREEZE_PROBES = 2;
    private static final String PASSWORD = "bench-pass";
    /** A fixed heap keeps resizing out of the heap-per-connection figures. */
    private static final List<String> CLIENT_JVM = List.of("-Xms512m", "-Xmx512m");
    private static final List<String> SCALE_JVM = List.of("-Xms2g", "-Xmx2g");
    private static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g");

    /**
     * One client of the messages table. {@code scheme} is ws, wss or tcp (the plain-socket floor); {@code classpath}
     * is null for this build, or another build's classpath for a compared row.
     */
    record Row(String name, String kind, String scheme, boolean proxied, String classpath) {
        Row(String name, String kind, String scheme, boolean proxied) {
            this(name, kind, scheme, proxied, null);
        }

        String baselineScheme() {
            return "wss".equals(scheme) ? "wss" : "ws";
        }

        boolean compared() {
            return classpath != null;
        }
    }

    /** Another build of the connector whose managed rows run beside this build's, interleaved (e.g. before tuning). */
    record Compared(String label, String classpath) {
    }

    static final List<Row> MESSAGE_ROWS = List.of(
            new Row("managed ws", "connector", "ws", false),
            new Row("managed ws via proxy", "connector", "ws", true),
            new Row("managed wss", "connector", "wss", false),
            new Row("managed wss via proxy", "connector", "wss", true),
            new Row("Tyrus defaults ws", "tyrus-grizzly", "ws", false),
            new Row("Tyrus defaults wss", "tyrus-grizzly", "wss", false),
            new Row("Tyrus JDK container ws", "tyrus-jdk", "ws", false),
            new Row("JDK java.net.http ws", "jdk-http", "ws", false),
            new Row("JDK java.net.http wss", "jdk-http", "wss", false),
            new Row("Jetty 12 ws", "jetty", "ws", false),
            new Row("Jetty 12 wss", "jetty", "wss", false),
            new Row("OkHttp ws", "okhttp", "ws", false),
            new Row("OkHttp wss", "okhttp", "wss", false),
            new Row("plain socket (floor)", "socket", "tcp", false));
    static final String BASELINE_KIND = "tyrus-grizzly";
    static final List<String> PEER_KINDS = List.of("jetty", "jdk-http");
    static final List<String> CONNECT_KINDS = List.of("connector", "tyrus-grizzly", "jdk-http");

    private final int rounds;
    private final Compared compared;
    private final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(BUDGET_MINUTES);
    private final List<String> skipped = new ArrayList<>();
    private TestCertificates certificates;
    private Map<String, String> endpoints;

    private Bench(int rounds, Compared compared) {
        this.rounds = rounds;
        this.compared = compared;
    }

    public static void main(String[] args) throws Exception {
        List<String> phases = new ArrayList<>();
        int rounds = DEFAULT_ROUNDS;
        String compareClasspath = null;
        String compareLabel = "compared build";
        for (String arg : args) {
            if (arg.startsWith("rounds=")) {
                rounds = Integer.parseInt(arg.substring("rounds=".length()));
            } else if (arg.startsWith("compare=")) {
                compareClasspath = arg.substring("compare=".length());
            } else if (arg.startsWith("compare-label=")) {
                compareLabel = arg.substring("compare-label=".length());
            } else {
                phases.add(arg);
            }
        }
        Compared compared = compareClasspath == null ? null : new Compared(compareLabel, compareClasspath);
        new Bench(rounds, compared).run(phases.isEmpty() ? List.of("messages", "connect", "scale", "deadpeer")
                : phases);
    }

    private void run(List<String> phases) throws Exception {
        Path certificateDir = Files.createTempDirectory("ws-bench-certs");
        certificates = TestCertificates.generate(certificateDir, PASSWORD.toCharArray());
        Tables tables = new Tables();
        long started = System.nanoTime();
        Process server = ChildJvm.start(null, SERVER_JVM, BenchServer.class,
                List.of(certificates.server(SanVariant.BOTH).keyStore().toString(), PASSWORD));
        try {
            endpoints = readReady(server);
            if (phases.contains("messages")) {
                tables.messages(messages());
            }
            if (phases.contains("connect")) {
                tables.connect(connect());
            }
            if (phases.contains("scale")) {
                tables.scale(scale(), compared == null ? null : compared.label());
            }
            if (phases.contains("deadpeer")) {
                tables.deadPeer(deadPeer(), FREEZE_INTERVAL_MILLIS, FREEZE_PROBES);
            }
        } finally {
            server.getOutputStream().close(); // BenchServer stops at the end of its input
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            deleteTree(certificateDir);
        }
        String report = tables.render(skipped, (System.nanoTime() - started) / 1e9);
        System.out.println(report);
        Path results = Files.isDirectory(Path.of("bench")) ? Path.of("bench", "results") : Path.of("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("latest.md"), report, StandardCharsets.UTF_8);
        System.err.println("tables written to " + results.resolve("latest.md").toAbsolutePath());
    }

    private static Map<String, String> readReady(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            throw new IOException("echo server did not start: " + ready);
        }
        Map<String, String> parsed = new HashMap<>();
        for (String pair : ready.substring("READY ".length()).trim().split(" ")) {
            int equals = pair.indexOf('=');
            parsed.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return parsed;
    }

    private Map<Row, List<Map<String, Double>>> messages() throws InterruptedException, IOException {
        Path overlay = Files.createTempDirectory("ws-bench-measuring");
        try {
            String comparedClasspath = compared == null ? null
                    : MeasuringOverlay.ahead(overlay, compared.classpath());
            return messages(comparedClasspath);
        } finally {
            deleteTree(overlay);
        }
    }

    /** @param comparedClasspath the compared build's rows' classpath, this build's measuring code first; or null */
    private Map<Row, List<Map<String, Double>>> messages(String comparedClasspath) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (Row row : MESSAGE_ROWS) {
            rows.add(row);
            if (comparedClasspath != null && "connector".equals(row.kind())) {
                rows.add(new Row(row.name() + " (" + compared.label() + ")", row.kind(), row.scheme(), row.proxied(),
                        comparedClasspath));
            }
        }
        Map<Row, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        rows.forEach(row -> runs.put(row, new ArrayList<>())); // table order, also for rows that failed
        for (int round = 1; round <= rounds; round++) {
            for (Row row : rows) {
                String label = "messages round " + round + "/" + rounds + ": " + row.name();
                List<String> args = ClientArgs.format(row.kind(), URI.create(endpoints.get(row.scheme())),
                        certificates.ca().pemFile(), certificates.caTrustStore(), PASSWORD,
                        row.proxied() ? endpoints.get("proxy") : null);
                measure(label, row.classpath(), CLIENT_JVM, MessagesClient.class, args, 120)
                        .ifPresent(runs.get(row)::add);
            }
        }
        return runs;
    }

    private Map<String, List<Map<String, Double>>> connect() throws InterruptedException {
        Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        CONNECT_KINDS.forEach(kind -> runs.put(kind, new ArrayList<>()));
        for (int round = 1; round <= rounds; round++) {
            for (String kind : CONNECT_KINDS) {
                List<String> args = new ArrayList<>(ClientArgs.format(kind, URI.create(endpoints.get("ws")),
                        certificates.ca().pemFile(), certificates.caTrustStore(), PASSWORD, endpoints.get("proxy")));
                args.add(endpoints.get("wss"));
                measure("connect round " + round + "/" + rounds + ": " + kind, null, CLIENT_JVM, ConnectClient.class,
                        args, 120).ifPresent(runs.get(kind)::add);
            }
        }
        return runs;
    }

    /** Each size for this build and, when comparing, right after it for the compared build (label in "build"). */
    private List<Map<String, Double>> scale() throws InterruptedException {
        List<Map<String, Double>> runs = new ArrayList<>();
        for (int sessions : SCALE_SESSIONS) {
            List<String> args = List.of(endpoints.get("ws"), Integer.toString(sessions));
            measure("keepalive at scale: " + sessions + " sessions", null, SCALE_JVM, ScaleClient.class, args, 240)
                    .ifPresent(runs::add);
            if (compared != null) {
                measure("keepalive at scale: " + sessions + " sessions (" + compared.label() + ")",
                        compared.classpath(), SCALE_JVM, ScaleClient.class, args, 240).ifPresent(result -> {
                            Map<String, Double> labelled = new LinkedHashMap<>(result);
                            labelled.put(Tables.COMPARED, 1.0);
                            runs.add(labelled);
                        });
            }
        }
        return runs;
    }

    private Map<String, Double> deadPeer() throws InterruptedException {
        return measure("dead-peer detection: " + FREEZES + " freezes", null, CLIENT_JVM, DeadPeerClient.class,
                List.of(endpoints.get("ws"), Integer.toString(FREEZES), Long.toString(FREEZE_INTERVAL_MILLIS),
                        Integer.toString(FREEZE_PROBES)), 240).orElse(Map.of());
    }

    /** Runs one child unless the time budget is spent; a failed or skipped run is listed under the tables. */
    private java.util.Optional<Map<String, Double>> measure(String label, String classpath, List<String> jvm,
                                                            Class<?> main, List<String> args, long limitSeconds)
            throws InterruptedException {
        long remainingSeconds = TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
        if (remainingSeconds < 5) {
            skipped.add(label + ": skipped, the " + BUDGET_MINUTES + "-minute budget was spent");
            return java.util.Optional.empty();
        }
        System.err.println("== " + label);
        try {
            return java.util.Optional.of(ChildJvm.run(classpath, jvm, main, args,
                    Math.min(limitSeconds, remainingSeconds)));
        } catch (IOException e) {
            skipped.add(label + ": failed, " + e.getMessage() + " (its standard error has the cause)");
            return java.util.Optional.empty();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
