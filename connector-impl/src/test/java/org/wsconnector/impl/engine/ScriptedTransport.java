package org.wsconnector.impl.engine;

import org.wsconnector.config.ClientConfig;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A transport without a network, for what a real peer cannot do on demand or on time: attempts that open, are
 * refused or hang as scripted; a peer that stops answering pings at a given moment, ignores the close frame, or
 * whose every {@code sendPing} throws. Callbacks (an attempt's result, pongs, closes) come through {@code io}, as
 * they would from an I/O thread: on virtual time that is the {@link VirtualScheduler}, so they run when the test
 * advances it; otherwise a thread of the transport's own ({@link #onOwnThread()}).
 *
 * <p>Like Tyrus, a link throws {@link IllegalStateException} from {@code sendPing} once closed, and counts the pings
 * it was asked for after close.
 */
public final class ScriptedTransport implements Transport {
    /** What one connect attempt does. */
    public enum Outcome { OPEN, REFUSED, HANGS }

    private final Executor io;
    private final ExecutorService owned;
    private final Queue<Outcome> script = new ConcurrentLinkedQueue<>();
    private volatile Outcome afterScript = Outcome.OPEN;
    private volatile boolean answeringPings = true;
    private volatile boolean answeringClose = true;
    private volatile int failingSendsPerLink;
    private volatile String subprotocol = "";
    private volatile Consumer<String> onTextWritten = text -> { };
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<ScriptedLink> links = new CopyOnWriteArrayList<>();
    private final List<ClientConfig> attempted = new CopyOnWriteArrayList<>();

    private ScriptedTransport(Executor io, ExecutorService owned) {
        this.io = io;
        this.owned = owned;
    }

    /** Callbacks through {@code io} (the virtual scheduler), which the caller owns. */
    public static ScriptedTransport on(Executor io) {
        return new ScriptedTransport(Objects.requireNonNull(io, "io"), null);
    }

    /** Callbacks on one thread of the transport's own, stopped by {@link #close()}. */
    public static ScriptedTransport onOwnThread() {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "scripted-io");
            t.setDaemon(true);
            return t;
        });
        return new ScriptedTransport(thread, thread);
    }

    /** The next attempts do these, in order; then {@link #laterAttempts}. */
    public ScriptedTransport nextAttempts(Outcome... inOrder) {
        script.addAll(List.of(inOrder));
        return this;
    }

    /** What every attempt beyond those of {@link #nextAttempts} does; OPEN unless told. */
    public ScriptedTransport laterAttempts(Outcome outcome) {
        afterScript = outcome;
        return this;
    }

    /** Whether links answer our pings with their payload (a live peer) or not at all (a dead path). */
    public ScriptedTransport answeringPings(boolean answering) {
        answeringPings = answering;
        return this;
    }

    /** Whether links answer our close frame (a polite peer) or ignore it. */
    public ScriptedTransport answeringClose(boolean answering) {
        answeringClose = answering;
        return this;
    }

    /** Each new link's first {@code failures} sendPing calls throw. */
    public ScriptedTransport failingSendsPerLink(int failures) {
        failingSendsPerLink = failures;
        return this;
    }

    /** The subprotocol the peer chooses on every later link; "" for none. */
    public ScriptedTransport choosingSubprotocol(String chosen) {
        subprotocol = chosen;
        return this;
    }

    @Override
    public Attempt connect(ClientConfig config, LinkEvents events) {
        attempts.incrementAndGet();
        attempted.add(config);
        Outcome outcome = Objects.requireNonNullElse(script.poll(), afterScript);
        CompletableFuture<Link> result = new CompletableFuture<>();
        ScriptedLink link = outcome == Outcome.OPEN ? new ScriptedLink(events) : null;
        switch (outcome) {
            case OPEN -> io.execute(() -> {
                links.add(link);
                result.complete(link);
            });
            case REFUSED -> io.execute(() -> result.completeExceptionally(new ConnectException("Connection refused")));
            case HANGS -> { } // until abort
        }
        // Every scripted attempt, a hanging one included, is still at its first step.
        return Attempt.of(result, () -> Attempt.Stage.TCP_CONNECT, () -> {
            if (link != null) {
                link.abort();
            }
            io.execute(() -> result.completeExceptionally(new ConnectException("aborted")));
        });
    }

    /** Runs on the writing thread right after each text is written to a link: a send racing that write. */
    public ScriptedTransport onTextWritten(Consumer<String> hook) {
        onTextWritten = Objects.requireNonNull(hook, "hook");
        return this;
    }

    /** The configuration of each attempt made so far, oldest first. */
    public List<ClientConfig> attemptedConfigs() {
        return List.copyOf(attempted);
    }

    /** Connect attempts made so far. */
    public int attemptsMade() {
        return attempts.get();
    }

    /** The links that opened, oldest first. */
    public List<ScriptedLink> links() {
        return List.copyOf(links);
    }

    public ScriptedLink lastLink() {
        return links.get(links.size() - 1);
    }

    public int pingsAfterClose() {
        return links.stream().mapToInt(link -> link.pingsAfterClose.get()).sum();
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }

    /** One open connection to the scripted peer. */
    public final class ScriptedLink implements Link {
        private final LinkEvents events;
        /** No more frames may be sent: we sent a close frame, aborted, or the peer closed. */
        private final AtomicBoolean closed = new AtomicBoolean();
        /** onClosed was delivered; never twice. */
        private final AtomicBoolean ended = new AtomicBoolean();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private final AtomicInteger failuresLeft = new AtomicInteger(failingSendsPerLink);
        private final AtomicInteger pingCalls = new AtomicInteger();
        private final AtomicInteger pingsAfterClose = new AtomicInteger();
        private volatile Integer closeCodeSent;
        private volatile String closeReasonSent;
        private final String chosenSubprotocol = subprotocol;
        private final List<String> textsSent = new CopyOnWriteArrayList<>();
        private final List<byte[]> binariesSent = new CopyOnWriteArrayList<>();

        ScriptedLink(LinkEvents events) {
            this.events = events;
        }

        /** sendPing calls, failed ones included. */
        public int pingCalls() {
            return pingCalls.get();
        }

        /** The code of the close frame we sent, or null. */
        public Integer closeCodeSent() {
            return closeCodeSent;
        }

        /** The reason of the close frame we sent, or null. */
        public String closeReasonSent() {
            return closeReasonSent;
        }

        /** Whether we dropped the connection without a closing handshake. */
        public boolean aborted() {
            return aborted.get();
        }

        /** The peer closes the connection with a close frame. */
        public void peerCloses(int code, String reason) {
            closed.set(true);
            end(code, reason);
        }

        private void end(int code, String reason) {
            if (ended.compareAndSet(false, true)) {
                io.execute(() -> events.onClosed(code, reason, null));
            }
        }

        @Override
        public String subprotocol() {
            return chosenSubprotocol;
        }

        @Override
        public void sendPing(ByteBuffer payload) {
            pingCalls.incrementAndGet();
            if (closed.get()) {
                pingsAfterClose.incrementAndGet();
                throw new IllegalStateException("The connection has been closed."); // what Tyrus throws
            }
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IllegalStateException("scripted send failure");
            }
            if (answeringPings) {
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                io.execute(() -> events.onPong(copy));
            }
        }

        @Override
        public void close(int code, String reason) {
            closeCodeSent = code;
            closeReasonSent = reason;
            closed.set(true);
            if (answeringClose) {
                end(code, reason); // the peer answers the close frame
            }
        }

        @Override
        public void abort() {
            aborted.set(true);
            closed.set(true);
            end(1006, "aborted");
        }

        /** The texts written to this link, in the order they were written. */
        public List<String> textsSent() {
            return List.copyOf(textsSent);
        }

        /** Like a closed session: a text sent after the link closed is not written, and its stage fails. */
        @Override
        public CompletionStage<Void> sendText(String text) {
            if (closed.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("The connection has been closed."));
            }
            textsSent.add(text);
            onTextWritten.accept(text);
            return CompletableFuture.completedFuture(null);
        }

        /** The binary messages written to this link, in order, as copies of the bytes they had when written. */
        public List<byte[]> binariesSent() {
            return List.copyOf(binariesSent);
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
            if (closed.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("The connection has been closed."));
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            binariesSent.add(bytes);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void pauseReading() {
            // no socket: nothing to pause
        }

        @Override
        public void resumeReading() {
        }
    }
}
