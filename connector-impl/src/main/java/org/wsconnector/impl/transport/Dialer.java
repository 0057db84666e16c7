package org.wsconnector.impl.transport;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.engine.Attempt;
import org.wsconnector.impl.engine.Failures;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the byte stream a WebSocket runs on: TCP to the server or to the proxy, the proxy's CONNECT tunnel (for
 * ws:// too), then TLS with the server end to end through the tunnel. No step has a timeout of its own: the engine
 * owns connection-timeout and aborts the attempt, and the socket is exposed as soon as it exists so that the abort can
 * close it at any stage, which ends whatever blocks on it.
 */
public final class Dialer {
    private final ClientConfig config;
    private final SSLContext sslContext;
    private final TcpKeepAlive tcpKeepAlive;

    /**
     * @param sslContext   the client's TLS context; null for ws://
     * @param tcpKeepAlive the connector's, applied to the TCP connection as soon as it is established
     */
    public Dialer(ClientConfig config, SSLContext sslContext, TcpKeepAlive tcpKeepAlive) {
        this.config = config;
        this.sslContext = sslContext;
        this.tcpKeepAlive = tcpKeepAlive;
    }

    /**
     * Opens the connection. {@code holder} receives the channel before anything blocks, so an abort can close it;
     * {@code entering} hears of each step as it starts, so that a timeout can name the step it cut short.
     */
    public Wire dial(ChannelHolder holder, Consumer<Attempt.Stage> entering) throws IOException {
        String host = config.uri().getHost();
        int port = config.port();
        SocketChannel channel = SocketChannel.open();
        holder.set(channel);
        // The socket adaptor's streams serve the blocking steps; the channel serves the I/O loop afterwards.
        Socket socket = channel.socket();
        socket.setTcpNoDelay(true); // a WebSocket exchanges small frames; Nagle only adds latency
        entering.accept(Attempt.Stage.TCP_CONNECT);
        if (config.proxy().isPresent()) {
            ProxyConfig proxy = config.proxy().get();
            connect(socket, holder, proxy.host(), proxy.port(), true);
            entering.accept(Attempt.Stage.PROXY_CONNECT);
            tunnel(socket, holder, proxy, host, port);
        } else {
            connect(socket, holder, host, port, false);
        }
        tcpKeepAlive.apply(config, socket);
        if (!config.secure()) {
            return new Wire(channel, null);
        }
        entering.accept(Attempt.Stage.TLS_HANDSHAKE);
        return handshake(channel, holder, host, port);
    }

    public ClientConfig config() {
        return config;
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

    /** HTTP CONNECT; any 2xx (HTTP/1.0 or 1.1) opens the tunnel. Credentials go to the proxy, and only there. */
    private void tunnel(Socket socket, ChannelHolder holder, ProxyConfig proxy, String host, int port)
            throws IOException {
        String authority = address(host, port);
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        proxy.credentials().ifPresent(credentials ->
                request.append("Proxy-Authorization: ").append(credentials.basicHeaderValue()).append("\r\n"));
        request.append("\r\n");
        HttpHead reply;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(HttpHead.ascii(request.toString()));
            out.flush();
            InputStream in = socket.getInputStream();
            reply = HttpHead.read(in);
        } catch (HttpHead.MalformedHeadException e) {
            throw proxyError(null, "proxy " + proxy.address() + " sent an invalid reply to CONNECT " + authority + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            if (holder.isClosed()) {
                throw e; // aborted: the engine already knows why
            }
            throw proxyError(null, "proxy " + proxy.address() + " failed during CONNECT " + authority + ": "
                    + Failures.rootMessage(e), e);
        }
        if (reply.status() / 100 != 2) {
            throw ProxyRefusals.of(config, proxy, reply);
        }
    }

    private Wire handshake(SocketChannel channel, ChannelHolder holder, String host, int port) throws IOException {
        SSLEngine engine = sslContext.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        List<String> protocols = config.tls().orElseThrow().protocols();
        parameters.setProtocols(protocols.toArray(new String[0]));
        if (config.tls().get().verifyServerHostname()) {
            // The JDK checks the certificate against the host of the URI (DNS or IP SAN) during the handshake.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!isIpLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        Wire wire = new Wire(channel, engine);
        try {
            wire.tlsHandshake();
            return wire;
        } catch (IOException e) {
            if (holder.isClosed()) {
                throw e; // aborted: the engine already knows why
            }
            throw tlsFailure(address(host, port), protocols, e);
        }
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
