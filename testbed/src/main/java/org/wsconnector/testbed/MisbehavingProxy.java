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
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A socket server on {@code 127.0.0.1} that plays a proxy doing what no real proxy does on purpose, so tests
 * can prove a client's CONNECT handling fails fast and cleans up.
 *
 * <p>Each connection is handled per the {@link Mode}; every mode except {@link Mode#silent()} first reads
 * the client's request head. It records every accepted connection and whether the client closed it (see
 * {@link AcceptedConnection}), so a test can check that a client closed its socket after giving up.
 * At most 16 connections are handled at once; more are closed on accept. Thread-safe; {@link #close()}
 * stops accepting and closes everything.
 */
public final class MisbehavingProxy implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int OVERSIZED_BYTES = 1024 * 1024;
    private static final int MAX_CONNECTIONS = 16;

    /** How the proxy misbehaves. Create with the static factories. */
    public sealed interface Mode {

        /** Accepts the TCP connection and never answers; reads and discards until the client closes. */
        static Mode silent() {
            return new Silent();
        }

        /** Answers bytes that are not HTTP at all, then closes. */
        static Mode garbage() {
            return new Garbage();
        }

        /** Sends half a status line ({@code HTTP/1.1 200 Conn}), then closes. */
        static Mode truncatedStatusLine() {
            return new TruncatedStatusLine();
        }

        /** Sends a whole status line and half a header block, never the blank line, then closes. */
        static Mode truncatedHeaders() {
            return new TruncatedHeaders();
        }

        /**
         * Sends {@code HTTP/1.1 200 Connection established} followed by 1 MiB of header lines that never end,
         * then keeps the connection open until the client closes it.
         */
        static Mode oversizedHeaders() {
            return new OversizedHeaders();
        }

        /**
         * Answers exactly {@code <httpVersion> <code> <reason>} and an empty header block. A 2xx answer is
         * then honoured with a tunnel to the requested (loopback) target; any other answer is closed.
         *
         * @param httpVersion e.g. {@code HTTP/1.0}
         */
        static Mode status(int code, String reason, String httpVersion) {
            return new Status(code, reason, httpVersion);
        }

        /**
         * Answers connection number {@code n} (1 for the first) with {@code replies.apply(n)}: a fuzzer's proxy,
         * which misbehaves differently on every attempt.
         */
        static Mode scripted(IntFunction<ScriptedReply> replies) {
            return new Scripted(replies);
        }

        /**
         * Answers every CONNECT with {@code 407} and {@code Proxy-Authenticate: <challenge>} (a small body framed
         * by Content-Length, the connection kept alive), whatever credentials come: a proxy that never lets a
         * client through. Reads the next request on the same connection, at most {@value #MAX_CHALLENGES} times.
         */
        static Mode challengeForever(String challenge) {
            return new ChallengeForever(challenge);
        }
    }

    /** More requests than any client should send on one connection before giving up. */
    static final int MAX_CHALLENGES = 1000;

    record ChallengeForever(String challenge) implements Mode {
        ChallengeForever {
            Objects.requireNonNull(challenge, "challenge");
        }
    }

    record Silent() implements Mode {
    }

    record Garbage() implements Mode {
    }

    record TruncatedStatusLine() implements Mode {
    }

    record TruncatedHeaders() implements Mode {
    }

    record OversizedHeaders() implements Mode {
    }

    record Scripted(IntFunction<ScriptedReply> replies) implements Mode {
        Scripted {
            Objects.requireNonNull(replies, "replies");
        }
    }

    record Status(int code, String reason, String httpVersion) implements Mode {
        Status {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(httpVersion, "httpVersion");
        }
    }

    private final Mode mode;
    private final List<ConnectionState> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger challenges = new AtomicInteger();
    private final StateMonitor monitor = new StateMonitor();
    private final LoopbackSocketServer server;

    private MisbehavingProxy(Mode mode, int port) throws IOException {
        this.mode = Objects.requireNonNull(mode, "mode");
        // Over the limit a connection is simply closed: answering could block the acceptor thread.
        this.server = LoopbackSocketServer.bind("misbehaving-proxy", port, MAX_CONNECTIONS, this::handle,
                socket -> { });
        server.startAccepting();
    }

    /**
     * Starts a proxy on an ephemeral port.
     *
     * @throws UncheckedIOException if no port can be bound
     */
    public static MisbehavingProxy start(Mode mode) {
        return start(mode, 0);
    }

    /** Starts a proxy on {@code port} ({@code 0}: ephemeral). */
    public static MisbehavingProxy start(Mode mode, int port) {
        try {
            return new MisbehavingProxy(mode, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start misbehaving proxy on 127.0.0.1:" + port, e);
        }
    }

    /** @return the port the proxy listens on */
    public int port() {
        return server.port();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** @return the proxy address, for a {@link java.net.ProxySelector} */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** @return how the proxy misbehaves */
    public Mode mode() {
        return mode;
    }

    /** @return how many connections were accepted */
    public int acceptedCount() {
        return accepted.get();
    }

    /** @return how many 407 challenges a {@link Mode#challengeForever} proxy sent, over all connections */
    public int challengesSent() {
        return challenges.get();
    }

    /** @return every accepted connection, oldest first */
    public List<AcceptedConnection> connections() {
        return connections.stream().map(ConnectionState::snapshot).toList();
    }

    /** @return how many accepted connections are still open */
    public int openConnectionCount() {
        return (int) connections.stream().filter(ConnectionState::isOpen).count();
    }

    /**
     * Waits until some accepted connection satisfies {@code condition}.
     *
     * @throws AwaitTimeoutException if none does within {@code timeout}
     */
    public AcceptedConnection awaitConnection(Predicate<AcceptedConnection> condition, Duration timeout,
                                              String description) {
        return monitor.await(() -> connections().stream().filter(condition).findFirst(), timeout,
                () -> description + "; connections: " + connections());
    }

    /** Waits until at least {@code count} connections were accepted. */
    public void awaitAccepted(int count, Duration timeout) {
        monitor.await(() -> accepted.get() >= count ? Optional.of(true) : Optional.empty(), timeout,
                () -> count + " accepted connections, have " + accepted.get());
    }

    /** Waits until no accepted connection is open any more. */
    public void awaitAllClosed(Duration timeout) {
        monitor.await(() -> openConnectionCount() == 0 ? Optional.of(true) : Optional.empty(), timeout,
                () -> "all connections closed; connections: " + connections());
    }

    /** Stops accepting and closes every connection. Idempotent. */
    @Override
    public void close() {
        server.close();
    }

    private void handle(Socket socket) throws IOException {
        ConnectionState state = new ConnectionState(accepted.incrementAndGet());
        connections.add(state);
        monitor.signalChange();
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            if (mode instanceof Silent) {
                drainUntilClientCloses(in, state);
                return;
            }
            Optional<HttpRequestHead> head = HttpRequestHead.read(in, MAX_HEAD_BYTES);
            if (head.isEmpty()) {
                state.clientClosed();
                return;
            }
            state.request(head.get());
            monitor.signalChange();
            misbehave(socket, in, out, head.get(), state);
        } catch (IOException e) {
            // A reset or broken pipe while we talk means the client hung up on us.
            state.clientClosed();
        } finally {
            LoopbackSocketServer.closeQuietly(socket);
            state.closed();
            monitor.signalChange();
        }
    }

    private void misbehave(Socket socket, InputStream in, OutputStream out, HttpRequestHead head,
                           ConnectionState state) throws IOException {
        if (mode instanceof Garbage) {
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x00, 0x00});
            out.write(HttpRequestHead.ascii("\u00ff\u00fenot http at all\r\n\r\n"));
            out.flush();
        } else if (mode instanceof TruncatedStatusLine) {
            out.write(HttpRequestHead.ascii("HTTP/1.1 200 Conn"));
            out.flush();
        } else if (mode instanceof TruncatedHeaders) {
            out.write(HttpRequestHead.ascii("HTTP/1.1 200 Connection established\r\nProxy-Agent: test"));
            out.flush();
        } else if (mode instanceof OversizedHeaders) {
            sendEndlessHeaders(out);
            drainUntilClientCloses(in, state);
        } else if (mode instanceof Status status) {
            answerStatus(socket, in, out, head, status, state);
        } else if (mode instanceof Scripted scripted) {
            answerScripted(in, out, scripted.replies().apply(state.number), state);
        } else if (mode instanceof ChallengeForever forever) {
            challengeForever(in, out, forever.challenge(), state);
        }
    }

    private static void answerScripted(InputStream in, OutputStream out, ScriptedReply reply, ConnectionState state)
            throws IOException {
        for (int i = 0; i < reply.chunks().size(); i++) {
            if (i > 0) {
                pause(reply.pause());
            }
            out.write(reply.chunks().get(i));
            out.flush();
        }
        if (reply.holdOpen()) {
            drainUntilClientCloses(in, state);
        }
    }

    private void challengeForever(InputStream in, OutputStream out, String challenge, ConnectionState state)
            throws IOException {
        byte[] body = HttpRequestHead.ascii("authenticate, again\n");
        for (int sent = 0; sent < MAX_CHALLENGES; sent++) {
            out.write(HttpRequestHead.ascii("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: "
                    + challenge + "\r\nContent-Length: " + body.length + "\r\n\r\n"));
            out.write(body);
            out.flush();
            challenges.incrementAndGet();
            monitor.signalChange();
            Optional<HttpRequestHead> next = HttpRequestHead.read(in, MAX_HEAD_BYTES);
            if (next.isEmpty()) {
                state.clientClosed();
                return;
            }
            state.request(next.get());
        }
    }

    private static void pause(Duration pause) throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("proxy closing");
        }
    }

    private static void sendEndlessHeaders(OutputStream out) throws IOException {
        out.write(HttpRequestHead.ascii("HTTP/1.1 200 Connection established\r\n"));
        byte[] line = HttpRequestHead.ascii("X-Filler: " + "x".repeat(1013) + "\r\n");
        for (int sent = 0; sent < OVERSIZED_BYTES; sent += line.length) {
            out.write(line);
        }
        out.flush();
    }

    private void answerStatus(Socket socket, InputStream in, OutputStream out, HttpRequestHead head, Status status,
                              ConnectionState state) throws IOException {
        out.write(HttpRequestHead.ascii(status.httpVersion() + " " + status.code() + " " + status.reason()
                + "\r\n\r\n"));
        out.flush();
        if (status.code() / 100 != 2) {
            return;
        }
        Optional<ProxyTarget> target = ProxyTarget.parse(head.target());
        if (target.isEmpty() || !target.get().resolve().isLoopbackAddress()) {
            return;
        }
        Socket upstream = new Socket();
        server.track(upstream);
        try {
            upstream.connect(new InetSocketAddress(target.get().resolve(), target.get().port()), 2000);
        } catch (IOException e) {
            LoopbackSocketServer.closeQuietly(upstream);
            server.untrack(upstream);
            return;
        }
        new Tunnel(socket, in, upstream, tunnel -> server.untrack(upstream)).run(server::execute);
    }

    private static void drainUntilClientCloses(InputStream in, ConnectionState state) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) != -1) {
            // discard: a silent proxy hears but never answers
        }
        state.clientClosed();
    }

    /** Live, thread-safe state of one connection. */
    private static final class ConnectionState {

        private final int number;
        private volatile HttpRequestHead request;
        private volatile boolean open = true;
        private volatile boolean closedByClient;

        ConnectionState(int number) {
            this.number = number;
        }

        void request(HttpRequestHead head) {
            request = head;
        }

        void clientClosed() {
            if (open) {
                closedByClient = true;
            }
        }

        void closed() {
            open = false;
        }

        boolean isOpen() {
            return open;
        }

        AcceptedConnection snapshot() {
            HttpRequestHead head = request;
            return new AcceptedConnection(number, Optional.ofNullable(head).map(HttpRequestHead::requestLine),
                    head != null && head.headers().containsKey("Proxy-Authorization"), open, closedByClient);
        }
    }
}
