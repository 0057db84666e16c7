package org.wsconnector.bench;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.config.ConfigProblems;

/** Builds a connector from configuration properties, as the CDI extension would, for the benchmark's clients. */
final class BenchConnectors {
    /** Prefix of every thread the connector gets from the benchmark: its I/O loop and its connect attempts. */
    static final String THREAD_PREFIX = "bench-connector-";

    private BenchConnectors() {
    }

    static WebSocketConnector create(Map<String, String> properties, ScheduledExecutorService scheduler) {
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        if (!problems.messages().isEmpty()) {
            throw new IllegalStateException("bench configuration rejected: " + problems.messages());
        }
        return new WebSocketConnector(configuration, scheduler, threads("io"));
    }

    static ThreadFactory threads(String role) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, THREAD_PREFIX + role + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Live threads that belong to a client library under test: the connector's, Tyrus's, Grizzly's. */
    static long libraryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(thread -> thread.getName().toLowerCase(java.util.Locale.ROOT))
                .filter(name -> name.startsWith(THREAD_PREFIX) || name.contains("tyrus") || name.contains("grizzly"))
                .count();
    }
}
