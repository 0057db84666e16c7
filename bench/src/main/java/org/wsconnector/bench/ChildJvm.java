package org.wsconnector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement in a fresh JVM on the benchmark's own classpath and returns its {@link ChildResult}. The
 * child's output is echoed to standard error (progress); a child that outlives its time limit is killed.
 */
final class ChildJvm {
    private ChildJvm() {
    }

    /** @param classpath the child's classpath; null for this JVM's own */
    static Process start(String classpath, List<String> jvmOptions, Class<?> main, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath == null ? System.getProperty("java.class.path") : classpath);
        command.add(main.getName());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Runs to completion (at most {@code limitSeconds}); throws when the child printed no result. */
    static Map<String, Double> run(String classpath, List<String> jvmOptions, Class<?> main, List<String> args,
                                   long limitSeconds) throws IOException, InterruptedException {
        Process child = start(classpath, jvmOptions, main, args);
        Thread killer = new Thread(() -> {
            try {
                if (!child.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                    System.err.println("   killed after " + limitSeconds + " s: " + main.getSimpleName() + " " + args);
                    child.destroyForcibly();
                }
            } catch (InterruptedException finished) {
                // the child ended in time
            }
        }, "bench-child-limit");
        killer.setDaemon(true);
        killer.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ChildResult.PREFIX)) {
                    result = line;
                } else {
                    System.err.println("   " + line);
                }
            }
        }
        child.waitFor();
        killer.interrupt();
        if (result == null) {
            throw new IOException(main.getSimpleName() + " exited with " + child.exitValue() + " and no result");
        }
        return ChildResult.parse(result);
    }
}
