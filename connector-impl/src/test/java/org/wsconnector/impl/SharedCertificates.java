package org.wsconnector.impl;

import org.wsconnector.testbed.TestCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * One set of generated test certificates (CA, servers, client) per test JVM, made on first use and deleted when the
 * JVM exits. The files are only read, so every TLS test class can share them instead of generating its own.
 */
public final class SharedCertificates {
    /** The password of every store in the set. */
    public static final String PASSWORD = "changeit";

    private SharedCertificates() {
    }

    public static TestCertificates get() {
        return Holder.CERTIFICATES;
    }

    private static final class Holder {
        static final TestCertificates CERTIFICATES = generate();
    }

    private static TestCertificates generate() {
        try {
            Path directory = Files.createTempDirectory("ws-connector-test-certificates");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(directory)));
            return TestCertificates.generate(directory, PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path directory) {
        try (var files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }
}
