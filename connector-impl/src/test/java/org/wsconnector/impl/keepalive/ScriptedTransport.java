package org.wsconnector.impl.keepalive;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.engine.LinkEvents;
import org.wsconnector.impl.engine.Transport;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport without a network, for what a real peer cannot make happen on demand: a {@code sendPing} that throws.
 * Every attempt succeeds; each link answers pings with their own payload once its scripted send failures are used
 * up (or never, when {@code answering} is false). Like Tyrus, a link throws {@link IllegalStateException} from
 * {@code sendPing} once closed, and records that it was pinged after close. Callbacks come on a thread of their own,
 * as they would from an I/O thread.
 */
final class ScriptedTransport implements Transport {
    private final int failingSendsPerLink;
    private final boolean answering;
    private final ExecutorService io = Executors.newSingleThreadExecutor(KeepAliveFixtures.named("scripted-io"));
    final List<ScriptedLink> links = new CopyOnWriteArrayList<>();

    ScriptedTransport(int failingSendsPerLink, boolean answering) {
        this.failingSendsPerLink = failingSendsPerLink;
        this.answering = answering;
    }

    @Override
    public Attempt connect(ClientConfig config, LinkEvents events) {
        ScriptedLink link = new ScriptedLink(events);
        links.add(link);
        CompletableFuture<Link> result = CompletableFuture.supplyAsync(() -> link, io);
        return new Attempt() {
            @Override
            public CompletionStage<Link> result() {
                return result;
            }

            @Override
            public void abort() {
                link.abort();
            }
        };
    }

    int pingsAfterClose() {
        return links.stream().mapToInt(link -> link.pingsAfterClose.get()).sum();
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    final class ScriptedLink implements Link {
        private final LinkEvents events;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicInteger failuresLeft = new AtomicInteger(failingSendsPerLink);
        final AtomicInteger pingCalls = new AtomicInteger();
        final AtomicInteger pingsAfterClose = new AtomicInteger();

        ScriptedLink(LinkEvents events) {
            this.events = events;
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
            if (answering) {
                ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
                io.execute(() -> events.onPong(copy));
            }
        }

        @Override
        public void close(int code, String reason) {
            if (closed.compareAndSet(false, true)) {
                io.execute(() -> events.onClosed(code, reason, null)); // the peer answers the close frame
            }
        }

        @Override
        public void abort() {
            if (closed.compareAndSet(false, true)) {
                io.execute(() -> events.onClosed(1006, "aborted", null));
            }
        }

        @Override
        public CompletionStage<Void> sendText(String text) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> sendBinary(ByteBuffer data) {
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
