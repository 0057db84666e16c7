package org.wsconnector.impl.engine;

import org.wsconnector.config.ClientConfig;

import javax.net.ssl.SSLContext;
import java.util.Map;

/**
 * Opens WebSocket connections. The engine's only view of the underlying client library, so that the state machine
 * can be reasoned about (and tested) apart from Tyrus.
 */
public interface Transport extends AutoCloseable {

    /**
     * Starts one connect attempt. The attempt reports to {@code events} only after it has succeeded.
     * The engine bounds the attempt by {@code connection-timeout} and calls {@link Attempt#abort()} when it is late.
     */
    Attempt connect(ClientConfig config, LinkEvents events);

    /**
     * The TLS context of each wss client from now on: a reload built new ones for the clients it changed. Called
     * before any attempt with a changed configuration starts. A transport without TLS ignores it.
     */
    default void useTlsContexts(Map<String, SSLContext> contexts) {
    }

    /**
     * As {@link #useTlsContexts}, for the TLS hop to each client's HTTPS proxy ({@code proxy.tls}). Called with it,
     * before any attempt with a changed configuration starts.
     */
    default void useProxyTlsContexts(Map<String, SSLContext> contexts) {
    }

    /** Releases the library's shared resources (threads, selectors). Called once, after every link is gone. */
    @Override
    void close();
}
