package org.wsconnector.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.glassfish.grizzly.http.server.AddOn;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * A real Tyrus WebSocket echo server on {@code 127.0.0.1}, plain or TLS, that records what each client did.
 *
 * <p>Echoes every text and binary message. For every connection it records the upgrade request headers,
 * the subprotocol answered, the messages and pings received and how the connection closed (see
 * {@link ConnectionSnapshot}). Tests read {@link #connections()} or wait, bounded, with the
 * {@code await...} methods; nothing here needs a sleep.
 *
 * <p>Lifecycle: {@link Builder#start()} starts it; {@link #stop()} drops every connection and frees the
 * port; {@link #start()} listens again on the same port, which is what reconnect tests need. Records
 * survive restarts. {@link #close()} stops for good. Thread-safe.
 */
public final class EchoServer implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(EchoServer.class.getName());

    private final EchoServerSettings settings;
    private final EchoRegistry registry = new EchoRegistry();
    private final ServerEndpointConfig endpointConfig;
    private final MonitoringListener monitoringListener = new MonitoringListener(registry);
    private final List<AddOn> beforeWebSocket;
    private int port;
    private GrizzlyTyrusRuntime runtime;
    private boolean closed;

    private EchoServer(EchoServerSettings settings, int port, List<AddOn> beforeWebSocket) {
        this.settings = settings;
        this.port = port;
        this.beforeWebSocket = List.copyOf(beforeWebSocket);
        EchoConfigurator configurator = new EchoConfigurator(settings.unofferedSubprotocol());
        configurator.endpoint(new EchoEndpoint(registry, configurator));
        this.endpointConfig = ServerEndpointConfig.Builder.create(EchoEndpoint.class, settings.path())
                .subprotocols(settings.subprotocols())
                .configurator(configurator)
                .build();
    }

    /** @return a builder for a plain server on an ephemeral port at {@code /echo} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening; after {@link #stop()}, on the same port as before.
     *
     * @return this server
     * @throws UncheckedIOException if the port cannot be bound (on restart: another process took it)
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized EchoServer start() {
        if (closed) {
            throw new IllegalStateException("echo server is closed");
        }
        if (runtime == null) {
            try {
                runtime = GrizzlyTyrusRuntime.start(port, settings, endpointConfig, monitoringListener,
                        beforeWebSocket);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start echo server on 127.0.0.1:" + port, e);
            }
            port = runtime.port();
        }
        return this;
    }

    /**
     * Stops listening and drops every connection at the TCP level, as a crashed server would; to say
     * goodbye properly first, call {@link #closeAllSessions(int, String)}. Clients see the TCP connection
     * end without a close frame (the JDK client reports 1006). Each dropped connection is recorded as
     * closed by the server, with {@code 1001 "Going away."} if Tyrus reported it in time, else
     * {@code 1006 "echo server stopped"}. Does nothing when stopped.
     */
    public synchronized void stop() {
        if (runtime != null) {
            registry.serverClosesAll();
            runtime.close();
            runtime = null;
            registry.serverStopped();
        }
    }

    /** Stops for good. Idempotent. */
    @Override
    public synchronized void close() {
        stop();
        closed = true;
    }

    /** @return whether the server is listening */
    public synchronized boolean isRunning() {
        return runtime != null;
    }

    /** @return the port; stays the same across {@link #stop()} and {@link #start()} */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("echo server has not been started yet");
        }
        return port;
    }

    /** @return whether clients must use {@code wss://} */
    public boolean isTls() {
        return settings.tls().isPresent();
    }

    /** @return {@code ws://127.0.0.1:<port><path>} or {@code wss://...} */
    public URI uri() {
        return uri("127.0.0.1");
    }

    /**
     * @param host the host name the client should use, e.g. {@code localhost} to test hostname verification
     *             against a certificate without the IP address
     */
    public URI uri(String host) {
        return URI.create((isTls() ? "wss" : "ws") + "://" + host + ":" + port() + settings.path());
    }

    /** @return snapshots of every connection seen since creation, oldest first */
    public List<ConnectionSnapshot> connections() {
        return registry.snapshots();
    }

    /** @return the number of sessions open right now */
    public int openSessionCount() {
        return registry.openSessionCount();
    }

    /**
     * Waits until some recorded connection satisfies {@code condition}.
     *
     * @param description what is awaited, for the timeout message
     * @return the first matching connection
     * @throws AwaitTimeoutException if none matches within {@code timeout}
     */
    public ConnectionSnapshot awaitConnection(Predicate<ConnectionSnapshot> condition, Duration timeout,
                                              String description) {
        return registry.await(all -> all.stream().filter(condition).findFirst(), timeout, () -> description);
    }

    /** Waits until at least {@code count} connections were recorded; returns them all. */
    public List<ConnectionSnapshot> awaitConnections(int count, Duration timeout) {
        return registry.await(all -> all.size() >= count ? Optional.of(all) : Optional.empty(), timeout,
                () -> count + " connections");
    }

    /** Waits until exactly {@code count} sessions are open. */
    public void awaitOpenSessions(int count, Duration timeout) {
        registry.await(all -> registry.openSessionCount() == count ? Optional.of(true) : Optional.empty(), timeout,
                () -> count + " open sessions");
    }

    /**
     * Waits until a client closes with a close frame carrying {@code code}, on a connection the server did
     * not close first. A dropped TCP connection never matches, although Tyrus reports it as 1001.
     */
    public ConnectionSnapshot awaitClientClose(int code, Duration timeout) {
        return awaitConnection(connection -> connection.clientClosedWith(code), timeout,
                "a client close frame with code " + code);
    }

    /**
     * Sends a text message to every open session (server push).
     *
     * @return how many sessions it was sent to
     */
    public int pushText(String message) {
        return forEachOpenSession(session -> session.getBasicRemote().sendText(message));
    }

    /**
     * Sends a binary message to every open session (server push).
     *
     * @return how many sessions it was sent to
     */
    public int pushBinary(byte[] message) {
        byte[] copy = message.clone();
        return forEachOpenSession(session -> session.getBasicRemote().sendBinary(ByteBuffer.wrap(copy)));
    }

    /**
     * Closes every open session with a close frame carrying {@code code} and {@code reason}; the server keeps
     * listening.
     *
     * @param code any valid close code, including application codes 4000-4999
     * @return how many sessions were closed
     */
    public int closeAllSessions(int code, String reason) {
        CloseReason closeReason = new CloseReason(() -> code, reason);
        List<Session> sessions = registry.serverClosesAll();
        int closedCount = 0;
        for (Session session : sessions) {
            try {
                session.close(closeReason);
                closedCount++;
            } catch (IOException | IllegalStateException e) {
                LOGGER.log(Level.FINE, "closing session " + session.getId() + " failed", e);
            }
        }
        return closedCount;
    }

    private interface SessionAction {
        void apply(Session session) throws IOException;
    }

    private int forEachOpenSession(SessionAction action) {
        List<Session> reached = new ArrayList<>();
        for (Session session : registry.openSessions()) {
            try {
                action.apply(session);
                reached.add(session);
            } catch (IOException | IllegalStateException e) {
                LOGGER.log(Level.FINE, "push to session " + session.getId() + " failed", e);
            }
        }
        return reached.size();
    }

    @Override
    public String toString() {
        return "EchoServer[" + (isTls() ? "wss" : "ws") + ", port " + port + ", path " + settings.path() + "]";
    }

    /**
     * Configures an {@link EchoServer}. Defaults: plain, ephemeral port, path {@code /echo}, no subprotocols.
     * Not thread-safe; use once.
     */
    public static final class Builder {

        private int port;
        private String path = "/echo";
        private Path keyStore;
        private char[] password;
        private String tlsProtocol;
        private Path clientTrustStore;
        private List<String> subprotocols = List.of();
        private String unofferedSubprotocol;
        private final List<AddOn> beforeWebSocket = new ArrayList<>();

        private Builder() {
        }

        /** Listen on this port; {@code 0} (the default) picks a free one at first start. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Endpoint path, e.g. {@code /echo}. */
        public Builder path(String path) {
            if (!Objects.requireNonNull(path, "path").startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', was " + path);
            }
            this.path = path;
            return this;
        }

        /** Serve {@code wss://} with the key and chain in this PKCS12 store. */
        public Builder tls(Path keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.password = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /** Serve {@code wss://} with a generated server certificate. */
        public Builder tls(IssuedCertificate serverCertificate, TestCertificates certificates) {
            return tls(serverCertificate.keyStore(), certificates.password());
        }

        /** Enable exactly this TLS version, e.g. {@code TLSv1.2} or {@code TLSv1.3}; needs {@link #tls}. */
        public Builder tlsProtocol(String protocol) {
            this.tlsProtocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Require a client certificate that this PKCS12 trust store trusts (mutual TLS); needs {@link #tls}.
         * The store must use the same password as the key store.
         */
        public Builder requireClientCertificate(Path trustStore) {
            this.clientTrustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /** Subprotocols the server supports; it answers the first one the client offered that is listed here. */
        public Builder subprotocols(String... subprotocols) {
            this.subprotocols = List.of(subprotocols);
            return this;
        }

        /**
         * Misbehave: answer {@code subprotocol} whatever the client offered, even when it offered nothing.
         * A correct client must fail the handshake.
         */
        public Builder replyWithUnofferedSubprotocol(String subprotocol) {
            this.unofferedSubprotocol = Objects.requireNonNull(subprotocol, "subprotocol");
            return this;
        }

        /** For tests of the test bed: an add-on whose filters go right before the WebSocket filter. */
        Builder beforeWebSocket(AddOn addOn) {
            beforeWebSocket.add(Objects.requireNonNull(addOn, "addOn"));
            return this;
        }

        /** @return the configured server, not yet started */
        public EchoServer build() {
            if (keyStore == null && (tlsProtocol != null || clientTrustStore != null)) {
                throw new IllegalStateException("tlsProtocol and requireClientCertificate need tls(...)");
            }
            Optional<EchoServerSettings.Tls> tls = keyStore == null ? Optional.empty()
                    : Optional.of(new EchoServerSettings.Tls(keyStore, password, Optional.ofNullable(tlsProtocol),
                            Optional.ofNullable(clientTrustStore)));
            return new EchoServer(new EchoServerSettings(path, tls, subprotocols,
                    Optional.ofNullable(unofferedSubprotocol)), port, beforeWebSocket);
        }

        /** @return the configured server, started */
        public EchoServer start() {
            return build().start();
        }
    }
}
