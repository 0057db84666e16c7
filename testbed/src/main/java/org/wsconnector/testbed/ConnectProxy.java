package org.wsconnector.testbed;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A small but real HTTP forward proxy on {@code 127.0.0.1} that only does {@code CONNECT}, as WebSocket
 * clients use it for both {@code ws://} and {@code wss://}.
 *
 * <p>Answers, in this order of checks: 400 for a malformed head, 405 for any other method, 407 with
 * {@code Proxy-Authenticate: Basic realm="..."} (or a Digest challenge, see {@link DigestVerifier}) when credentials
 * are required and missing or wrong, 403 for
 * a port outside the allow-list or a target that is not a loopback address, 502 when the target cannot be
 * reached, 503 when the connection limit is reached; otherwise {@code 200 Connection established} and a
 * byte tunnel. Every answer is closed after the response except the 200. The request head is never
 * forwarded, so {@code Proxy-Authorization} cannot leak to the target.
 *
 * <p>Records an access log and counts live tunnels; {@link #closeAllTunnels()} cuts them, as a proxy
 * restart would. Thread-safe; {@link #close()} stops accepting and closes every connection.
 */
public final class ConnectProxy implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int HEAD_READ_TIMEOUT_MILLIS = 10_000;

    private final Settings settings;
    private final List<ProxyAccessRecord> accessLog = new CopyOnWriteArrayList<>();
    private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
    private final StateMonitor monitor = new StateMonitor();
    private final LoopbackSocketServer server;

    private record Settings(Optional<String> expectedAuthorization, Optional<DigestVerifier> digest, String realm,
                            Set<Integer> allowedPorts, Duration connectTimeout) {
    }

    private ConnectProxy(Settings settings, int port, int maxConnections) throws IOException {
        this.settings = settings;
        this.server = LoopbackSocketServer.bind("connect-proxy", port, maxConnections, this::handle,
                this::rejectOverLimit);
        server.startAccepting();
    }

    /** @return a builder for a proxy on an ephemeral port, without authentication, allowing every port */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the port the proxy listens on */
    public int port() {
        return server.port();
    }

    /** @return {@code http://127.0.0.1:<port>}, the form most proxy settings take */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return the proxy address, for a {@link java.net.ProxySelector} */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** @return every request answered so far, oldest first */
    public List<ProxyAccessRecord> accessLog() {
        return List.copyOf(accessLog);
    }

    /**
     * Waits until the access log holds a record matching {@code condition}.
     *
     * @throws AwaitTimeoutException if none arrives within {@code timeout}
     */
    public ProxyAccessRecord awaitAccess(Predicate<ProxyAccessRecord> condition, Duration timeout) {
        return monitor.await(() -> accessLog.stream().filter(condition).findFirst(), timeout,
                () -> "a matching access record; log: " + accessLog);
    }

    /** @return the number of tunnels currently relaying */
    public int activeTunnelCount() {
        return tunnels.size();
    }

    /** Waits until exactly {@code count} tunnels are relaying. */
    public void awaitActiveTunnels(int count, Duration timeout) {
        monitor.await(() -> tunnels.size() == count ? Optional.of(true) : Optional.empty(), timeout,
                () -> count + " active tunnels, have " + tunnels.size());
    }

    /**
     * Cuts every live tunnel at once, closing both its sockets without any goodbye, as a crashing or
     * restarting proxy would. The proxy keeps accepting.
     *
     * @return how many tunnels were cut
     */
    public int closeAllTunnels() {
        List<Tunnel> live = List.copyOf(tunnels);
        live.forEach(Tunnel::close);
        return live.size();
    }

    /** Stops accepting and closes every connection and tunnel. Idempotent. */
    @Override
    public void close() {
        server.close();
        closeAllTunnels();
    }

    private void rejectOverLimit(Socket socket) throws IOException {
        HttpResponses.error(socket.getOutputStream(), 503, "Service Unavailable", "");
        record(Optional.empty(), 503);
    }

    private void handle(Socket client) throws IOException {
        client.setSoTimeout(HEAD_READ_TIMEOUT_MILLIS);
        InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        Optional<HttpRequestHead> head;
        try {
            head = HttpRequestHead.read(in, MAX_HEAD_BYTES);
        } catch (HttpRequestHead.BadRequestException e) {
            refuse(out, Optional.empty(), 400, "Bad Request", "");
            return;
        }
        if (head.isEmpty()) {
            return;
        }
        HttpRequestHead request = head.get();
        if (!"CONNECT".equals(request.method())) {
            refuse(out, head, 405, "Method Not Allowed", "Allow: CONNECT\r\n");
            return;
        }
        Optional<String> challenge = settings.digest().isPresent()
                ? settings.digest().get().check(request.header("Proxy-Authorization"))
                : authorized(request) ? Optional.empty() : Optional.of("Basic realm=\"" + settings.realm() + "\"");
        if (challenge.isPresent()) {
            refuse(out, head, 407, "Proxy Authentication Required",
                    "Proxy-Authenticate: " + challenge.get() + "\r\n");
            return;
        }
        Optional<ProxyTarget> target = ProxyTarget.parse(request.target());
        if (target.isEmpty()) {
            refuse(out, head, 400, "Bad Request", "");
            return;
        }
        if (!settings.allowedPorts().isEmpty() && !settings.allowedPorts().contains(target.get().port())) {
            refuse(out, head, 403, "Forbidden", "");
            return;
        }
        InetAddress address;
        try {
            address = target.get().resolve();
        } catch (UnknownHostException e) {
            refuse(out, head, 502, "Bad Gateway", "");
            return;
        }
        if (!address.isLoopbackAddress()) {
            refuse(out, head, 403, "Forbidden", "");
            return;
        }
        Socket upstream = new Socket();
        server.track(upstream);
        try {
            upstream.connect(new InetSocketAddress(address, target.get().port()),
                    (int) settings.connectTimeout().toMillis());
        } catch (IOException e) {
            LoopbackSocketServer.closeQuietly(upstream);
            server.untrack(upstream);
            refuse(out, head, 502, "Bad Gateway", "");
            return;
        }
        client.setSoTimeout(0);
        // A relay that keeps Nagle on turns every multi-segment message into a 40 ms delayed-ACK wait (measured in
        // the bench: 16 KB round trips of 88 ms through this proxy); real proxies relay without it.
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        HttpResponses.connectionEstablished(out);
        record(head, 200);
        relay(client, in, upstream);
    }

    private void relay(Socket client, InputStream in, Socket upstream) {
        Tunnel tunnel = new Tunnel(client, in, upstream, closedTunnel -> {
            tunnels.remove(closedTunnel);
            server.untrack(upstream);
            monitor.signalChange();
        });
        tunnels.add(tunnel);
        monitor.signalChange();
        tunnel.run(server::execute);
    }

    private boolean authorized(HttpRequestHead request) {
        if (settings.expectedAuthorization().isEmpty()) {
            return true;
        }
        return request.header("Proxy-Authorization")
                .map(value -> value.equals(settings.expectedAuthorization().get()))
                .orElse(false);
    }

    private void refuse(OutputStream out, Optional<HttpRequestHead> head, int status, String reason,
                        String extraHeaders) throws IOException {
        record(head, status);
        HttpResponses.error(out, status, reason, extraHeaders);
    }

    private void record(Optional<HttpRequestHead> head, int status) {
        accessLog.add(new ProxyAccessRecord(Instant.now(),
                head.map(HttpRequestHead::method).orElse("-"),
                head.map(HttpRequestHead::target).orElse("-"),
                status,
                head.map(h -> h.headers().containsKey("Proxy-Authorization")).orElse(false)));
        monitor.signalChange();
    }

    @Override
    public String toString() {
        return "ConnectProxy[127.0.0.1:" + port() + "]";
    }

    /**
     * Configures a {@link ConnectProxy}. Defaults: ephemeral port, no authentication, every target port
     * allowed, 2 s upstream connect timeout, 16 concurrent connections. Not thread-safe; use once.
     */
    public static final class Builder {

        private int port;
        private String expectedAuthorization;
        private String[] digest;
        private int staleAnswers;
        private String realm = "testbed-proxy";
        private Set<Integer> allowedPorts = Set.of();
        private Duration connectTimeout = Duration.ofSeconds(2);
        private int maxConnections = 16;

        private Builder() {
        }

        /** Listen on this port; {@code 0} picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Require {@code Proxy-Authorization: Basic base64(user:password)}; anything else gets 407. */
        public Builder requireBasicAuth(String user, String password) {
            String credentials = Objects.requireNonNull(user, "user") + ":" + Objects.requireNonNull(password, "password");
            this.expectedAuthorization =
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * Require RFC 7616 Digest ({@code qop=auth}) with {@code algorithm} ({@code MD5} or {@code SHA-256}) instead
         * of Basic; a wrong answer gets a new 407 challenge.
         */
        public Builder requireDigestAuth(String user, String password, String algorithm) {
            this.digest = new String[] {Objects.requireNonNull(user, "user"),
                    Objects.requireNonNull(password, "password"), Objects.requireNonNull(algorithm, "algorithm")};
            return this;
        }

        /** With Digest: the first {@code count} correct answers get a new challenge with {@code stale=true}. */
        public Builder staleDigestAnswers(int count) {
            this.staleAnswers = count;
            return this;
        }

        /** The realm named in {@code Proxy-Authenticate}; default {@code testbed-proxy}. */
        public Builder realm(String realm) {
            this.realm = Objects.requireNonNull(realm, "realm");
            return this;
        }

        /** Allow CONNECT only to these target ports; others get 403. */
        public Builder allowTargetPorts(int... ports) {
            this.allowedPorts = IntStream.of(ports).boxed().collect(Collectors.toUnmodifiableSet());
            return this;
        }

        /** How long to try reaching a target before answering 502. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** Concurrent connections (tunnels included) before the proxy answers 503. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * @return the running proxy
         * @throws UncheckedIOException if the port cannot be bound
         */
        public ConnectProxy start() {
            try {
                Optional<DigestVerifier> digestVerifier = Optional.ofNullable(digest)
                        .map(d -> new DigestVerifier(d[0], d[1], d[2], realm, staleAnswers));
                return new ConnectProxy(new Settings(Optional.ofNullable(expectedAuthorization), digestVerifier, realm,
                        allowedPorts, connectTimeout), port, maxConnections);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start CONNECT proxy on 127.0.0.1:" + port, e);
            }
        }
    }
}
