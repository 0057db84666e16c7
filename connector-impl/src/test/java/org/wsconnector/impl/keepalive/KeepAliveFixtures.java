package org.wsconnector.impl.keepalive;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.WebSocketConnector;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the keepalive tests share: configuration, a connector they own, a state recorder and a log capture. */
final class KeepAliveFixtures {
    /** Bounded waits are generous: they only cap how long a failing test takes, never what passes. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private KeepAliveFixtures() {
    }

    /** The properties of one client: {@code uri} plus key/value pairs under its prefix. */
    static Map<String, String> client(String name, URI uri, String... keysAndValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("websocket.client." + name + ".uri", uri.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("websocket.client." + name + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    static ConnectorConfiguration configuration(Map<String, String> properties) {
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        assertThat(problems.messages()).as("configuration problems").isEmpty();
        return configuration;
    }

    /** A scheduler whose queue the tests inspect; its threads are named {@code <name>-<n>}. */
    static ScheduledThreadPoolExecutor scheduler(int threads, String name) {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(threads, named(name));
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }

    static ThreadFactory named(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Periodic tasks still scheduled: only the ping keepalive schedules at a fixed rate, so this is the number of
     * ping tasks alive (one per open link, none after it is gone).
     */
    static long livePeriodicTasks(ScheduledThreadPoolExecutor scheduler) {
        return scheduler.getQueue().stream()
                .filter(task -> task instanceof RunnableScheduledFuture<?> future && future.isPeriodic()
                        && !future.isCancelled() && !future.isDone())
                .count();
    }

    /**
     * Asserts how many ping tasks are alive. A task that is running at that instant is out of the queue, so the count
     * is awaited, then must not exceed {@code expected} for {@code window} (a surviving task re-enters the queue
     * within one interval).
     */
    static void assertPingTasks(ScheduledThreadPoolExecutor scheduler, long expected, Duration window) {
        await().alias(expected + " ping task(s) alive").atMost(PATIENCE).pollInterval(Duration.ofMillis(5))
                .until(() -> livePeriodicTasks(scheduler) == expected);
        await().alias("never more than " + expected + " ping task(s) alive").during(window).atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(5)).until(() -> livePeriodicTasks(scheduler) <= expected);
    }

    /** A connector over the real Tyrus transport with a scheduler and I/O threads the test owns. */
    static final class RunningConnector implements AutoCloseable {
        final ScheduledThreadPoolExecutor scheduler;
        final WebSocketConnector connector;

        RunningConnector(Map<String, String> properties, int schedulerThreads) {
            this.scheduler = scheduler(schedulerThreads, "ka-scheduler");
            this.connector = new WebSocketConnector(configuration(properties), scheduler, named("ka-io"));
        }

        DefaultManagedWebSocket connection(String name) {
            return connector.connection(name).orElseThrow();
        }

        @Override
        public void close() throws InterruptedException {
            try {
                connector.close();
            } finally {
                scheduler.shutdownNow();
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** One recorded transition and when (System.nanoTime) the listener saw it. */
    record Recorded(long nanos, ConnectionStateChanged event) {
        boolean is(ConnectionState from, ConnectionState to) {
            return event.previous() == from && event.current() == to;
        }
    }

    /** Records every state transition with a monotonic timestamp. */
    static final class StateRecorder implements WebSocketListener {
        private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

        @Override
        public void onStateChanged(ConnectionStateChanged change) {
            recorded.add(new Recorded(System.nanoTime(), change));
        }

        List<Recorded> all() {
            return List.copyOf(recorded);
        }

        /** Waits for the first transition after {@code afterNanos} that matches. */
        Recorded awaitFirst(long afterNanos, Predicate<Recorded> condition, String description) {
            Recorded[] found = new Recorded[1];
            org.awaitility.Awaitility.await().alias(description).atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (Recorded r : recorded) {
                            if (r.nanos() >= afterNanos && condition.test(r)) {
                                found[0] = r;
                                return true;
                            }
                        }
                        return false;
                    });
            return found[0];
        }
    }

    /** Captures JUL records of a logger subtree while open. */
    static final class LogCapture extends Handler implements AutoCloseable {
        private final Logger logger;
        private final Level previousLevel;
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();

        private LogCapture(Logger logger) {
            this.logger = logger;
            this.previousLevel = logger.getLevel();
            setLevel(Level.ALL);
            if (logger.getLevel() == null || logger.getLevel().intValue() > Level.INFO.intValue()) {
                logger.setLevel(Level.INFO);
            }
            logger.addHandler(this);
        }

        static LogCapture of(String loggerName) {
            return new LogCapture(Logger.getLogger(loggerName));
        }

        /** Records at {@code level} exactly whose formatted message contains {@code text}. */
        List<String> messages(Level level, String text) {
            List<String> matching = new ArrayList<>();
            for (LogRecord record : records) {
                String message = formatted(record);
                if (record.getLevel().equals(level) && message.contains(text)) {
                    matching.add(message);
                }
            }
            return matching;
        }

        private static String formatted(LogRecord record) {
            Object[] parameters = record.getParameters();
            String message = record.getMessage() == null ? "" : record.getMessage();
            return parameters == null ? message : java.text.MessageFormat.format(message, parameters);
        }

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(previousLevel);
        }
    }
}
