package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real tinyproxy (1.11) forward proxy with {@code BasicAuth}, started as a separate process on {@code 127.0.0.1}
 * and a free port: the proxy nobody here wrote that answers a CONNECT with <em>wrong</em> credentials
 * {@code 401 Unauthorized} instead of {@code 407} (its {@code reqs.c} does so deliberately; a CONNECT without
 * credentials still gets {@code 407} with {@code Proxy-Authenticate: Basic realm="Tinyproxy"}).
 *
 * <p>Policy: listens on loopback only, CONNECT to any port (no {@code ConnectPort} line means all), no upstream, no
 * filter. It runs in the foreground ({@code -d}) with its config and log in a temporary directory; {@link #close()}
 * kills it by its process and removes the directory. When tinyproxy is not installed, {@link #start} throws an
 * {@link IllegalStateException} that says how to install it: a test that needs it fails, it does not skip.
 * Thread-safe.
 */
public final class Tinyproxy implements AutoCloseable {

    /** The script that installs the test dependencies; the failure message points to it. */
    public static final String INSTALL_HINT = "run .ci/install-test-deps.sh (apt-get install -y tinyproxy-bin)";

    private static final int START_ATTEMPTS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path directory;
    private final Process process;
    private final int port;

    private Tinyproxy(Path directory, Process process, int port) {
        this.directory = directory;
        this.process = process;
        this.port = port;
    }

    /**
     * Starts tinyproxy requiring {@code Proxy-Authorization: Basic} for this user and password.
     *
     * @throws IllegalStateException when tinyproxy is not installed or does not start
     */
    public static Tinyproxy start(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        // tinyproxy's config has no quoting for BasicAuth: whitespace would split the fields.
        if (user.isEmpty() || password.isEmpty() || (user + password).chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("user and password must be non-empty without whitespace");
        }
        Path executable = Squid.find("tinyproxy").orElseThrow(() -> new IllegalStateException(
                "tinyproxy is not installed: " + INSTALL_HINT));
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(executable, user, password);
            } catch (PortTakenException e) {
                last = e; // another process took the free port between probe and bind: try another one
            }
        }
        throw last;
    }

    /** @return the port tinyproxy listens on, on {@code 127.0.0.1} */
    public int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:<port>}, the form of {@code proxy.host} */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** @return the tinyproxy process id */
    public long pid() {
        return process.pid();
    }

    /** @return tinyproxy's log so far (level Info: every request line and every tunnel it established) */
    public String log() {
        return Squid.readQuietly(directory.resolve("tinyproxy.log"));
    }

    /** @return how many {@code CONNECT <target>} requests tinyproxy has logged, {@code target} as {@code host:port} */
    public long connectRequestsTo(String target) {
        String request = "CONNECT " + target + " HTTP/";
        return log().lines().filter(line -> line.contains("Request (file descriptor") && line.contains(request))
                .count();
    }

    /** Kills tinyproxy, waits for it to exit and removes its directory. Idempotent. */
    @Override
    public void close() {
        stop(process);
        Squid.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "Tinyproxy[" + hostAndPort() + ", pid " + process.pid() + "]";
    }

    private static Tinyproxy startOnce(Path executable, String user, String password) {
        Path directory;
        try {
            directory = Files.createTempDirectory("tinyproxy-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for tinyproxy", e);
        }
        Process process = null;
        try {
            int port = Squid.freePort();
            Path config = directory.resolve("tinyproxy.conf");
            Files.writeString(config, String.join("\n", List.of(
                    "Port " + port,
                    "Listen 127.0.0.1",
                    "Timeout 60",
                    "MaxClients 50",
                    "BasicAuth " + user + " " + password,
                    "LogLevel Info",
                    "LogFile \"" + directory.resolve("tinyproxy.log") + "\"",
                    "PidFile \"" + directory.resolve("tinyproxy.pid") + "\"")) + "\n");
            process = new ProcessBuilder(executable.toString(), "-d", "-c", config.toString())
                    .directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("tinyproxy.out").toFile()).start();
            LocalProcessPort.awaitAccepting("tinyproxy", process, port, START_TIMEOUT);
            return new Tinyproxy(directory, process, port);
        } catch (IOException | RuntimeException e) {
            stop(process);
            String logs = Squid.readQuietly(directory.resolve("tinyproxy.out"))
                    + Squid.readQuietly(directory.resolve("tinyproxy.log"));
            Squid.deleteRecursively(directory);
            if (logs.contains("Address already in use") || logs.contains("Could not create listening socket")) {
                throw new PortTakenException(logs);
            }
            throw new IllegalStateException("tinyproxy did not start: " + e + "\n" + logs, e);
        }
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("tinyproxy (pid " + process.pid() + ") did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String logs) {
            super("tinyproxy could not bind its port (taken meanwhile):\n" + logs);
        }
    }
}
