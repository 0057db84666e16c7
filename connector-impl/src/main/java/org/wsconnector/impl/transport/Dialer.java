package org.wsconnector.impl.transport;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.TlsConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Failures;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Opens the byte stream a WebSocket runs on: TCP to the server or to the proxy, TLS with the proxy when it is an
 * HTTPS proxy, the proxy's CONNECT tunnel (for ws:// too), then TLS with the server end to end through the tunnel
 * (inside the proxy's TLS session, for an HTTPS proxy). No step has a timeout of its own: the engine
 * owns connection-timeout and aborts the attempt, and the socket is exposed as soon as it exists so that the abort can
 * close it at any stage, which ends whatever blocks on it (also the proxy connection a {@link ProxyTunnel} opens
 * anew between authentication rounds: each new channel goes into the holder before it connects).
 */
public final class Dialer {
    private final ClientConfig config;
    private final SSLContext sslContext;
    private final SSLContext proxySslContext;
    private final TcpKeepAlive tcpKeepAlive;

    /**
     * @param sslContext   the client's TLS context; null for ws://
     * @param tcpKeepAlive the connector's, applied to the TCP connection as soon as it is established
     */
    public Dialer(ClientConfig config, SSLContext sslContext, TcpKeepAlive tcpKeepAlive) {
        this(config, sslContext, null, tcpKeepAlive);
    }

    /** @param proxySslContext the TLS context of the hop to an HTTPS proxy; null without one */
    public Dialer(ClientConfig config, SSLContext sslContext, SSLContext proxySslContext, TcpKeepAlive tcpKeepAlive) {
        this.config = config;
        this.sslContext = sslContext;
        this.proxySslContext = proxySslContext;
        this.tcpKeepAlive = tcpKeepAlive;
        if (config.proxy().map(ProxyConfig::secure).orElse(false) && proxySslContext == null) {
            throw new IllegalArgumentException("client " + config.name() + " has an HTTPS proxy but no TLS context "
                    + "for it");
        }
    }

    /**
     * Opens the connection. {@code holder} receives the channel before anything blocks, so an abort can close it;
     * {@code entering} hears of each step as it starts, so that a timeout can name the step it cut short.
     */
    public Wire dial(ChannelHolder holder, Consumer<Attempt.Stage> entering) throws IOException {
        String host = config.uri().getHost();
        int port = config.port();
        entering.accept(Attempt.Stage.TCP_CONNECT);
        SocketChannel channel;
        // The TLS session with an HTTPS proxy: it carries the CONNECT exchange and then the connection itself.
        Wire proxySession = null;
        if (config.proxy().isPresent()) {
            ProxyConfig proxy = config.proxy().get();
            SocketChannel first = open(holder, proxy.host(), proxy.port(), true);
            entering.accept(Attempt.Stage.PROXY_CONNECT);
            ProxyTunnel.ProxyConnection tunnel = new ProxyTunnel(config, holder,
                    () -> hopTo(proxy, open(holder, proxy.host(), proxy.port(), true), holder), address(host, port))
                    .open(hopTo(proxy, first, holder));
            channel = tunnel.channel();
            proxySession = tunnel.session();
        } else {
            channel = open(holder, host, port, false);
        }
        tcpKeepAlive.apply(config, channel.socket());
        if (!config.secure()) {
            return proxySession == null ? new Wire(channel, null) : proxySession.tunnelled(null);
        }
        entering.accept(Attempt.Stage.TLS_HANDSHAKE);
        return handshake(channel, holder, host, port, proxySession);
    }

    public ClientConfig config() {
        return config;
    }

    /** A new channel, in the holder before it blocks, connected to host:port (the server's or the proxy's). */
    private SocketChannel open(ChannelHolder holder, String host, int port, boolean toProxy) throws IOException {
        SocketChannel channel = SocketChannel.open();
        holder.set(channel);
        // The socket adaptor's streams serve the blocking steps; the channel serves the I/O loop afterwards.
        Socket socket = channel.socket();
        socket.setTcpNoDelay(true); // a WebSocket exchanges small frames; Nagle only adds latency
        connect(socket, holder, host, port, toProxy);
        return channel;
    }

    /** The CONNECT exchange's way over {@code channel}: its own streams, or a TLS session with an HTTPS proxy. */
    private ProxyTunnel.ProxyConnection hopTo(ProxyConfig proxy, SocketChannel channel, ChannelHolder holder)
            throws IOException {
        if (!proxy.secure()) {
            return new ProxyTunnel.ProxyConnection(channel, ProxyHop.plain(channel.socket()), null);
        }
        Wire session = proxyHandshake(channel, holder, proxy);
        return new ProxyTunnel.ProxyConnection(channel, ProxyHop.of(session.handshakeStream()), session);
    }

    private void connect(Socket socket, ChannelHolder holder, String host, int port, boolean toProxy)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw toProxy ? proxyError(null, "proxy host " + host + " cannot be resolved", null)
                          : new ConnectFailedException(config.name(), "host " + host + " cannot be resolved", null);
        }
        try {
            socket.connect(address);
        } catch (IOException e) {
            // Only an abort by the engine matters here: a channel also closes itself when its connect fails.
            if (holder.isClosed()) {
                throw e; // aborted: the engine already knows why
            }
            String reason = Failures.rootMessage(e);
            throw toProxy ? proxyError(null, "proxy " + address(host, port) + " unreachable: " + reason, e)
                          : new ConnectFailedException(config.name(), "cannot reach " + address(host, port) + ": "
                                    + reason, e);
        }
    }

    /** @param proxySession the TLS session with an HTTPS proxy, which the server's TLS then runs inside; or null */
    private Wire handshake(SocketChannel channel, ChannelHolder holder, String host, int port, Wire proxySession)
            throws IOException {
        List<String> protocols = config.tls().orElseThrow().protocols();
        SSLEngine engine = clientEngine(sslContext, host, port, protocols, config.tls().get().verifyServerHostname());
        Wire wire = proxySession == null ? new Wire(channel, engine) : proxySession.tunnelled(engine);
        return handshaken(wire, holder, e -> tlsFailure(address(host, port), protocols, e));
    }

    /** Runs the wire's TLS handshake; a failure is reported as {@code failure} makes it, unless the engine aborted. */
    private static Wire handshaken(Wire wire, ChannelHolder holder, Function<IOException, RuntimeException> failure)
            throws IOException {
        try {
            wire.tlsHandshake();
            return wire;
        } catch (IOException e) {
            if (holder.isClosed()) {
                throw e; // aborted: the engine already knows why
            }
            throw failure.apply(e);
        }
    }

    /**
     * The TLS session with an HTTPS proxy, checked against the proxy's trust settings and its host name (SNI is the
     * proxy's name too). A failure is a {@link ProxyException} whose cause is the {@link SSLException}.
     */
    private Wire proxyHandshake(SocketChannel channel, ChannelHolder holder, ProxyConfig proxy) throws IOException {
        TlsConfig tls = proxy.tls().orElseThrow();
        Wire wire = new Wire(channel, clientEngine(proxySslContext, proxy.host(), proxy.port(), tls.protocols(),
                tls.verifyServerHostname()));
        return handshaken(wire, holder, e -> {
            String reason = e instanceof SSLException ? Failures.rootMessage(e)
                    : "the proxy closed the connection during the handshake (" + Failures.rootMessage(e) + ")";
            return proxyError(null, "TLS handshake with proxy " + proxy.address() + " failed: " + reason
                    + " (proxy.tls.*)", e);
        });
    }

    /**
     * A client-mode engine for {@code host}: SNI names it (unless it is an IP literal) and, with
     * {@code verifyHostname}, the JDK checks the certificate against it (DNS or IP SAN) during the handshake.
     */
    private static SSLEngine clientEngine(SSLContext context, String host, int port, List<String> protocols,
                                          boolean verifyHostname) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(new String[0]));
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private TlsHandshakeException tlsFailure(String server, List<String> protocols, IOException failure) {
        if (failure instanceof SSLException) {
            return new TlsHandshakeException(config.name(), "TLS handshake with " + server + " failed: "
                    + Failures.rootMessage(failure) + offered(protocols), failure);
        }
        // A server refusing the handshake may just drop the connection without an alert (Grizzly refusing a
        // missing client certificate under TLS 1.2); the JDK then throws a bare "Broken pipe" or "Connection
        // reset". Still a TLS failure, not a network one (ClientCertificateAuthenticationTest).
        return new TlsHandshakeException(config.name(), "TLS handshake with " + server + " failed: "
                + "the server closed the connection during the handshake (" + Failures.rootMessage(failure) + ")"
                + offered(protocols), failure);
    }

    /** Servers often refuse a TLS version without saying so; naming what was offered points at tls.protocols. */
    private static String offered(List<String> protocols) {
        return "; offered " + String.join(", ", protocols) + " (tls.protocols)";
    }

    private ProxyException proxyError(String statusLine, String message, Throwable cause) {
        return new ProxyException(config.name(), config.proxy().orElseThrow().address(), statusLine, message, cause);
    }

    static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
