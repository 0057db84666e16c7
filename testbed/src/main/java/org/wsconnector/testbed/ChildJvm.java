package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class run in a JVM of its own on this JVM's class path (a cluster member in {@link ClusterMembers}), its
 * standard output and error together in a log file that the test reads while the child runs. The child ends when
 * its standard input ends (its graceful stop, if it reads it), or by a signal. Not thread-safe: one test thread.
 */
public final class ChildJvm {
    /** How long a child may take to end after SIGKILL or after its graceful stop, on a loaded machine. */
    public static final Duration EXIT_BOUND = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this class path> <mainClass> <args>}, output to {@code <logs>/<name>.log}.
     *
     * @param launchPrefix the words before {@code java}, e.g. {@code ip netns exec <namespace>}; empty for none
     */
    public static ChildJvm start(String name, Path logs, List<String> launchPrefix, List<String> jvmOptions,
                                 String mainClass, List<String> args) {
        List<String> command = new ArrayList<>(launchPrefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Path log = logs.resolve(name + ".log");
        try {
            Files.createDirectories(logs);
            return new ChildJvm(name, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's side: its {@code key=value} arguments, in order (a value may contain {@code =}). */
    public static Map<String, String> keyValues(String[] args) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            properties.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return properties;
    }

    /** What the child printed so far (standard output and error together); readable after it ended too. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** {@code kill -9}: the child gets no chance to close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " did not die within " + EXIT_BOUND + " of SIGKILL");
        }
    }

    /** {@code kill -<signal>}, e.g. {@code STOP} and {@code CONT}: a child that stops answering, then resumes. */
    public void signal(String signal) throws InterruptedException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
        } catch (IOException noKill) {
            throw new IllegalStateException("this test needs the kill program (Debian package procps; "
                    + ".ci/install-test-deps.sh installs it)", noKill);
        }
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + name + " failed");
        }
    }

    /** Ends the child's standard input: the graceful stop of a child that reads it. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyGone) {
            // It is ending anyway.
        }
    }

    /** Waits up to {@link #EXIT_BOUND} for the child to end by itself, then SIGKILLs it; whether it ended by itself. */
    public boolean awaitExitOrKill() throws InterruptedException {
        if (process.waitFor(EXIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        return false;
    }

    /** The child's exit status; only once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }
}
