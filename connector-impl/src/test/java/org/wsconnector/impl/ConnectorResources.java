package org.wsconnector.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * What a connector may leave behind, counted for leak checks: live threads of the connector (every
 * {@code ws-connector-*} thread: I/O, attempts, callbacks, the test scheduler) and of Tyrus, and this process's open
 * file descriptors ({@code /proc/self/fd}).
 */
public record ConnectorResources(int threads, int fds) {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    public static ConnectorResources now() {
        int threads = (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getName().startsWith("ws-connector-")
                        || t.getName().toLowerCase(Locale.ROOT).startsWith("tyrus")))
                .count();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return new ConnectorResources(threads, (int) fds.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The counts once the previous connector's threads have ended (a failed attempt's thread ends right after). */
    public static ConnectorResources settled() {
        return await().atMost(PATIENCE).until(ConnectorResources::now, now -> now.threads() == 0);
    }

    /** Waits (bounded) until threads and descriptors are back to {@code before}, descriptors within a tolerance. */
    public static ConnectorResources awaitBackTo(ConnectorResources before, int fdTolerance) {
        return await("threads and file descriptors back to " + before).atMost(PATIENCE)
                .until(ConnectorResources::now,
                        now -> now.threads() <= before.threads() && now.fds() <= before.fds() + fdTolerance);
    }

    /** Waits (bounded) until the open file descriptors are back to {@code before}'s, within a tolerance. */
    public static ConnectorResources awaitFileDescriptorsBackTo(ConnectorResources before, int tolerance) {
        return await("file descriptors back to " + before.fds()).atMost(PATIENCE)
                .until(ConnectorResources::now, now -> now.fds() <= before.fds() + tolerance);
    }

    /** The larger of each count: the peak seen while something ran. */
    public ConnectorResources max(ConnectorResources other) {
        return new ConnectorResources(Math.max(threads, other.threads), Math.max(fds, other.fds));
    }
}
