package org.wsconnector.impl.keepalive;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.engine.LinkEvents;
import org.wsconnector.impl.engine.Transport;
import org.wsconnector.impl.tyrus.TyrusTransport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/** The real Tyrus transport, keeping every link it opens so that a test can look at the link's socket. */
final class CapturingTransport implements Transport {
    private final TyrusTransport delegate;
    final List<Link> links = new CopyOnWriteArrayList<>();

    CapturingTransport(ScheduledExecutorService scheduler) {
        delegate = new TyrusTransport(Map.of(), KeepAliveFixtures.named("ka-io"), scheduler);
    }

    @Override
    public Attempt connect(ClientConfig config, LinkEvents events) {
        Attempt attempt = delegate.connect(config, events);
        // Record the link before the engine hears of it, so it is there once awaitOpen returns.
        CompletionStage<Link> recorded = attempt.result().thenApply(link -> {
            links.add(link);
            return link;
        });
        return new Attempt() {
            @Override
            public CompletionStage<Link> result() {
                return recorded;
            }

            @Override
            public void abort() {
                attempt.abort();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
