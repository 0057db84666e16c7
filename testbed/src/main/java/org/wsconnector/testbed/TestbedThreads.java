package org.wsconnector.testbed;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the test bed's threads: all daemon, all named {@code testbed-<purpose>-<n>}.
 *
 * <p>Daemon so a forgotten server never keeps a test JVM alive; named so a thread dump or a leak check
 * tells at once which of the threads are ours.
 */
final class TestbedThreads {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private TestbedThreads() {
    }

    /** A factory whose threads are named {@code testbed-<purpose>-<n>}. */
    static ThreadFactory factory(String purpose) {
        String prefix = "testbed-" + purpose + "-";
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts one daemon thread named {@code testbed-<purpose>-<n>}, {@code n} unique in this JVM. */
    static Thread start(String purpose, Runnable body) {
        Thread thread = new Thread(body, "testbed-" + purpose + "-" + INSTANCES.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
