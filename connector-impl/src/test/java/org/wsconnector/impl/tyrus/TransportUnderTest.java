package org.wsconnector.impl.tyrus;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.ConnectorConfiguration;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.engine.LinkEvents;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's transport without the engine: a {@link TyrusTransport} with its own scheduler and one I/O loop
 * (threads {@code transport-io-<n>}), connecting clients configured from properties, each with events recorded.
 */
final class TransportUnderTest implements AutoCloseable {
    /** Bounded waits are generous: they only cap how long a failing test takes, never what passes. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final AtomicInteger ioThreads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor scheduler;
    private final TyrusTransport transport;

    TransportUnderTest() {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "transport-test-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        transport = new TyrusTransport(Map.of(),
                runnable -> daemon(runnable, "transport-io-" + ioThreads.incrementAndGet()), scheduler);
    }

    /** Starts connecting client {@code name} to {@code uri}; {@code keysAndValues} are further keys under its prefix. */
    Connecting connect(String name, URI uri, String... keysAndValues) {
        return connect(name, uri, new RecordedEvents(), keysAndValues);
    }

    Connecting connect(String name, URI uri, RecordedEvents events, String... keysAndValues) {
        ClientConfig config = config(name, uri, keysAndValues);
        Attempt attempt = transport.connect(config, events);
        events.boundClosing(() -> scheduler.schedule(attempt::abort, config.closeTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        return new Connecting(attempt, events);
    }

    static ClientConfig config(String name, URI uri, String... keysAndValues) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("websocket.client." + name + ".uri", uri.toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("websocket.client." + name + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
        ConfigProblems problems = new ConfigProblems();
        ConnectorConfiguration configuration = ConnectorConfiguration.read(properties, problems);
        assertThat(problems.messages()).as("configuration problems").isEmpty();
        return configuration.clients().get(name);
    }

    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A connect attempt under way and the events of the link it opens. */
    record Connecting(Attempt attempt, RecordedEvents events) {
        Link awaitLink() throws Exception {
            return attempt.result().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** What the transport reported for one link, in order; thread safe. */
    static class RecordedEvents implements LinkEvents {
        record Closed(int code, String reason, Throwable failure) {
        }

        private final List<String> texts = new CopyOnWriteArrayList<>();
        private final List<byte[]> binaries = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final AtomicInteger closings = new AtomicInteger();
        private volatile Runnable closeTimeout = () -> { };

        /** Plays the engine's part, the only bound on a closing handshake: close-timeout, then abort. */
        void boundClosing(Runnable armCloseTimeout) {
            this.closeTimeout = armCloseTimeout;
        }

        /** How often the transport said a closing handshake began; once at most. */
        int closings() {
            return closings.get();
        }

        @Override
        public void onClosing() {
            closings.incrementAndGet();
            closeTimeout.run();
        }

        @Override
        public void onReadHandled() {
            // messages are recorded as they come
        }

        @Override
        public void onPayloadReceived(long bytes) {
            // counted by the engine; transport tests look at the messages themselves
        }

        @Override
        public void onMessageSent(long payloadBytes) {
            // counted by the engine; transport tests look at the messages themselves
        }

        @Override
        public void onText(String text) {
            texts.add(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binaries.add(bytes);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            // pongs are the engine's business
        }

        @Override
        public void onClosed(int code, String reason, Throwable failure) {
            closed.complete(new Closed(code, reason, failure));
        }

        List<String> texts() {
            return List.copyOf(texts);
        }

        /** Binary messages as ISO-8859-1 text, for readable assertions. */
        List<String> binariesAsText() {
            return binaries.stream().map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)).toList();
        }

        boolean isClosed() {
            return closed.isDone();
        }

        Closed awaitClosed() throws Exception {
            return closed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
