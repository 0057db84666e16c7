package org.wsconnector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

/**
 * Runs the benchmark and prints a Markdown table. For every row (client kind x ws/wss) it starts a fresh echo server
 * JVM ({@link BenchServer}) and a fresh client JVM ({@link BenchClient}) on the same classpath, so client and server
 * never share a JVM and no row inherits another's heap, threads or the server's recorded messages.
 *
 * <p>Optional arguments: the row names to run (e.g. {@code connector-ws tyrus-jdk-ws}); default all.
 */
public final class Bench {
    private static final List<String> KINDS = List.of("connector", "tyrus-jdk", "jdk-http");
    private static final String BASELINE = "tyrus-jdk";
    private static final char[] PASSWORD = "bench-pass".toCharArray();
    /** Same flags for every client JVM: a fixed heap keeps resizing out of the heap-per-connection figure. */
    private static final List<String> CLIENT_JVM = List.of("-Xms512m", "-Xmx512m");
    /** The echo server keeps every message it received (testbed recorder), hence a heap per row. */
    private static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> wanted = Arrays.asList(args);
        Path dir = Files.createTempDirectory("ws-bench-certs");
        TestCertificates certificates = TestCertificates.generate(dir, PASSWORD);
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (String scheme : List.of("ws", "wss")) {
            for (String kind : KINDS) {
                String row = kind + "-" + scheme;
                if (!wanted.isEmpty() && !wanted.contains(row)) {
                    continue;
                }
                System.err.println("== " + row);
                try {
                    results.put(row, runRow(kind, scheme, certificates));
                } catch (Exception e) {
                    problems.put(row, e.toString());
                }
            }
        }
        printTable(results, problems);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static Map<String, Double> runRow(String kind, String scheme, TestCertificates certificates)
            throws IOException, InterruptedException {
        Process server = java(SERVER_JVM, BenchServer.class,
                certificates.server(SanVariant.BOTH).keyStore().toString(), new String(PASSWORD));
        try {
            BufferedReader serverOut = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String ready = serverOut.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                throw new IOException("echo server did not start: " + ready);
            }
            String uri = Arrays.stream(ready.split(" ")).filter(field -> field.startsWith(scheme + "="))
                    .findFirst().orElseThrow(() -> new IOException("no " + scheme + " URI in " + ready))
                    .substring(scheme.length() + 1);
            Process client = java(CLIENT_JVM, BenchClient.class, kind, uri,
                    certificates.ca().pemFile().toString(), certificates.caTrustStore().toString(),
                    new String(PASSWORD));
            String result = null;
            try (BufferedReader clientOut = new BufferedReader(
                    new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = clientOut.readLine()) != null) {
                    System.err.println("   " + line);
                    if (line.startsWith("RESULT ")) {
                        result = line.substring("RESULT ".length());
                    }
                }
            }
            if (!client.waitFor(5, TimeUnit.MINUTES)) {
                client.destroyForcibly();
            }
            if (result == null) {
                throw new IOException("client exited with " + client.exitValue() + " and no result");
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (String pair : result.split(" ")) {
                String[] keyValue = pair.split("=");
                values.put(keyValue[0], Double.parseDouble(keyValue[1])); // "NaN" when every run stalled
            }
            return values;
        } finally {
            server.getOutputStream().close(); // BenchServer exits at end of input
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Process java(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void printTable(Map<String, Map<String, Double>> results, Map<String, String> problems) {
        System.out.println();
        System.out.println("| client | RTT 64 B p50 | RTT p99 | 1 KB msgs/s (window " + BenchClient.WINDOW
                + ") | connect p50 | threads per idle conn | heap per idle conn | notes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        results.forEach((row, values) -> {
            String scheme = row.substring(row.lastIndexOf('-') + 1);
            Map<String, Double> base = results.get(BASELINE + "-" + scheme);
            List<String> notes = new ArrayList<>();
            if (values.get("rttStalls") > 0) {
                notes.add("RTT stalled in " + values.get("rttStalls").intValue() + "/" + BenchClient.RUNS + " runs");
            }
            if (values.get("throughputStalls") > 0) {
                notes.add("throughput stalled in " + values.get("throughputStalls").intValue() + "/"
                        + BenchClient.RUNS + " runs");
            }
            if (values.get("failedSends") > 0) {
                notes.add(values.get("failedSends").longValue() + " failed sends");
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f µs%s | %.0f µs%s | %,.0f%s | %.1f ms%s | %.2f | %.0f KB | %s |%n",
                    row,
                    values.get("rttP50Us"), ratio(values, base, "rttP50Us"),
                    values.get("rttP99Us"), ratio(values, base, "rttP99Us"),
                    values.get("msgsPerSec"), ratio(values, base, "msgsPerSec"),
                    values.get("connectP50Ms"), ratio(values, base, "connectP50Ms"),
                    values.get("threadsPerConn"), values.get("heapPerConnKb"), String.join("; ", notes));
        });
        problems.forEach((row, problem) -> System.out.println("| " + row + " | failed: " + problem + " |"));
        System.out.println();
        System.out.println("Medians of " + BenchClient.RUNS + " runs; (ratio) = value / " + BASELINE
                + " on the same scheme. Loopback; one echo server JVM (Jetty 12) per row, "
                + "client in its own JVM (" + String.join(" ", CLIENT_JVM) + "). A stalled measurement (no echo for "
                + BenchClient.STALL_SECONDS + " s) is left out of its median.");
    }

    private static String ratio(Map<String, Double> values, Map<String, Double> base, String key) {
        if (base == null || !(base.get(key) > 0) || Double.isNaN(values.get(key))) {
            return "";
        }
        return String.format(Locale.ROOT, " (%.2f)", values.get(key) / base.get(key));
    }
}
