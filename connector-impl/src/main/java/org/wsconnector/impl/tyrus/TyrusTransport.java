package org.wsconnector.impl.tyrus;

import org.wsconnector.impl.transport.TcpKeepAlive;
import org.wsconnector.impl.transport.InboundFrameCheck;
import org.wsconnector.impl.transport.IoLoop;
import org.wsconnector.impl.transport.Dialer;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.engine.LinkEvents;
import org.wsconnector.impl.engine.Transport;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Connects through Tyrus's {@link ClientManager} on the connector's own container ({@link ConnectorClientContainer}).
 * One {@code ClientManager} per client. Each attempt runs on a thread of its own from the given factory, which ends
 * when the attempt does; open connections are all read by one shared {@link IoLoop} thread.
 */
public final class TyrusTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(TyrusTransport.class.getName());
    /** Largest frame header (RFC 6455 5.2): 2 bytes, a 64-bit length, a masking key. */
    private static final int MAX_FRAME_HEADER = 14;
    /**
     * What one read may hand Tyrus on top of a partial frame: a receive buffer of the I/O loop (64 KB, twice that once
     * a TLS unwrap has grown it), with room to spare. Costs nothing unused: Tyrus allocates for what it holds.
     */
    private static final int READ_ALLOWANCE = 1024 * 1024;

    private volatile Map<String, SSLContext> sslContexts;
    private volatile Map<String, SSLContext> proxyTlsContexts;
    private final ThreadFactory threadFactory;
    private final ScheduledExecutorService scheduler;
    private final Map<String, ClientManager> managers = new ConcurrentHashMap<>();
    /** Managers a reload replaced (another frame buffer size): their connections may still be closing. */
    private final List<ClientManager> replaced = new CopyOnWriteArrayList<>();
    private final IoLoop ioLoop;
    private final TcpKeepAlive tcpKeepAlive = new TcpKeepAlive();

    /**
     * @param sslContexts   the TLS context of each wss client, built and validated at boot
     * @param threadFactory makes the shared I/O thread and one short-lived thread per connect attempt (a managed
     *                      factory in an application server)
     * @param scheduler     runs the write-timeout watch of open connections
     */
    public TyrusTransport(Map<String, SSLContext> sslContexts, ThreadFactory threadFactory,
                          ScheduledExecutorService scheduler) {
        this(sslContexts, Map.of(), threadFactory, scheduler);
    }

    /** @param proxyTlsContexts the TLS context of the hop to the proxy of each client with an HTTPS proxy */
    public TyrusTransport(Map<String, SSLContext> sslContexts, Map<String, SSLContext> proxyTlsContexts,
                          ThreadFactory threadFactory, ScheduledExecutorService scheduler) {
        this.sslContexts = Map.copyOf(sslContexts);
        this.proxyTlsContexts = Map.copyOf(proxyTlsContexts);
        this.threadFactory = threadFactory;
        this.scheduler = scheduler;
        this.ioLoop = new IoLoop(threadFactory);
    }

    @Override
    public void useTlsContexts(Map<String, SSLContext> contexts) {
        sslContexts = Map.copyOf(contexts);
    }

    @Override
    public void useProxyTlsContexts(Map<String, SSLContext> contexts) {
        proxyTlsContexts = Map.copyOf(contexts);
    }

    @Override
    public Attempt connect(ClientConfig config, LinkEvents events) {
        AttemptContext context = new AttemptContext(new Dialer(config, sslContexts.get(config.name()),
                proxyTlsContexts.get(config.name()), tcpKeepAlive), scheduler);
        CompletableFuture<Link> result = new CompletableFuture<>();
        Thread thread = threadFactory.newThread(() -> run(config, context, events, result));
        thread.start();
        return Attempt.of(result, context::stage, context::abort);
    }

    private void run(ClientConfig config, AttemptContext context, LinkEvents events, CompletableFuture<Link> result) {
        Session session;
        try {
            session = manager(config).connectToServer(new LinkEndpoint(events, context), endpointConfig(config, context),
                    config.uri());
        } catch (Exception | LinkageError e) {
            context.abort();
            Throwable precise = context.failure() != null ? context.failure() : e;
            result.completeExceptionally(TyrusFailures.classify(config, precise));
            return;
        }
        result.complete(new TyrusLink(session, context, config.name(), events));
        try {
            context.startReading(ioLoop);
        } catch (IOException | RuntimeException e) {
            context.abort();
        }
    }

    private static ClientEndpointConfig endpointConfig(ClientConfig config, AttemptContext context) {
        // Extra headers and Authorization are added by our container when it writes the request, never handed to
        // Tyrus: Tyrus logs the request headers at FINE (it masks only Authorization), and they often carry tokens.
        ClientEndpointConfig endpointConfig = ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(config.protocols())
                .build();
        endpointConfig.getUserProperties().put(ConnectorClientContainer.ATTEMPT, context);
        return endpointConfig;
    }

    private ClientManager manager(ClientConfig config) {
        int frameBufferSize = frameBufferSize(config);
        // A reload may have changed max-message-size, and with it the buffer size the manager was made with.
        return managers.compute(config.name(), (name, existing) -> {
            if (existing != null && Integer.valueOf(frameBufferSize).equals(
                    existing.getProperties().get(ClientProperties.INCOMING_BUFFER_SIZE))) {
                return existing;
            }
            if (existing != null) {
                replaced.add(existing);
            }
            ClientManager manager = ClientManager.createClient(ConnectorClientContainer.class.getName());
            // Tyrus waits for the handshake only after our container has returned from it, having processed the
            // reply or its failure; the engine alone bounds the attempt (connection-timeout), so no second limit.
            manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, Integer.MAX_VALUE);
            // No idle timeout, said the way Tyrus 2.2.2 understands: with 0 (its default) a TyrusSession schedules
            // an idle-timeout task on every frame, and each schedule adds a thread to the manager's 10-thread pool:
            // ten idle threads per client once pings flow. A negative value schedules nothing (and still means
            // "never" to the Jakarta API). Dead peers are the ping keepalive's job.
            manager.setDefaultMaxSessionIdleTimeout(-1);
            manager.getProperties().put(ClientProperties.INCOMING_BUFFER_SIZE, frameBufferSize);
            return manager;
        });
    }

    /**
     * Tyrus buffers each frame whole before parsing it, in a buffer bounded by INCOMING_BUFFER_SIZE (default ~4 MB,
     * then 1011 "Buffer overflow."): a legitimate one-frame message up to max-message-size (16 MiB by default) must
     * fit, plus the read that completes it. Larger frames never reach Tyrus ({@link InboundFrameCheck}).
     */
    static int frameBufferSize(ClientConfig config) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) config.maxMessageSize() + MAX_FRAME_HEADER
                + READ_ALLOWANCE);
    }

    @Override
    public void close() {
        ioLoop.close();
        replaced.addAll(managers.values());
        replaced.forEach(manager -> {
            try {
                manager.shutdown();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Tyrus client manager shutdown failed", e);
            }
        });
        managers.clear();
        replaced.clear();
    }
}
