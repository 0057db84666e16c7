package org.wsconnector.impl.engine;

import org.wsconnector.config.ClientConfig;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** One connect attempt in flight. */
public interface Attempt {

    /** Completes with the open link, or exceptionally with the raw failure (the engine classifies it). */
    CompletionStage<Link> result();

    /**
     * The step the attempt is in now; the engine names it when connection-timeout ends the attempt. Any thread.
     */
    Stage stage();

    /** Gives up: closes the socket whatever stage the attempt is in, and drops a link that opens anyway. Idempotent. */
    void abort();

    /** The attempt whose result is {@code result}, whose step {@code stage} tells and which {@code abort} gives up. */
    static Attempt of(CompletionStage<Link> result, Supplier<Stage> stage, Runnable abort) {
        return new Attempt() {
            @Override
            public CompletionStage<Link> result() {
                return result;
            }

            @Override
            public Stage stage() {
                return stage.get();
            }

            @Override
            public void abort() {
                abort.run();
            }
        };
    }

    /** The steps of an attempt, in order; a ws:// attempt without proxy skips the middle two. */
    enum Stage {
        TCP_CONNECT,
        PROXY_CONNECT,
        TLS_HANDSHAKE,
        WEBSOCKET_UPGRADE;

        /** The step as the start of "... did not complete within"; host and port only (the query may be secret). */
        public String describe(ClientConfig config) {
            String target = config.uri().getHost() + ":" + config.port();
            String proxy = config.proxy().map(p -> p.address()).orElse(null);
            String through = proxy == null ? "" : " through proxy " + proxy;
            return switch (this) {
                case TCP_CONNECT -> "TCP connect to " + (proxy == null ? target : "proxy " + proxy);
                case PROXY_CONNECT -> "CONNECT " + target + through;
                case TLS_HANDSHAKE -> "TLS handshake with " + target + through;
                case WEBSOCKET_UPGRADE -> "WebSocket upgrade with " + target + through;
            };
        }
    }
}
