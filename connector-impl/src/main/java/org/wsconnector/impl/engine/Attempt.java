package org.wsconnector.impl.engine;

import java.util.concurrent.CompletionStage;

/** One connect attempt in flight. */
public interface Attempt {

    /** Completes with the open link, or exceptionally with the raw failure (the engine classifies it). */
    CompletionStage<Link> result();

    /** Gives up: closes the socket whatever stage the attempt is in, and drops a link that opens anyway. Idempotent. */
    void abort();

    /** The attempt whose result is {@code result} and which {@code abort} gives up. */
    static Attempt of(CompletionStage<Link> result, Runnable abort) {
        return new Attempt() {
            @Override
            public CompletionStage<Link> result() {
                return result;
            }

            @Override
            public void abort() {
                abort.run();
            }
        };
    }
}
