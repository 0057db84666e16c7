package org.wsconnector.impl.transport;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ProxyException;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.config.Durations;
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
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Opens the byte stream a WebSocket runs on: TCP to the server or to the proxy, the proxy's CONNECT tunnel (for
 * ws:// too), then TLS with the server end to end through the tunnel. Every blocking step is bounded by the
 * attempt's deadline, and the socket is exposed as soon as it exists so that an abort can close it at any stage.
 */
public final class Dialer {
    private final ClientConfig config;
    private final SSLContext sslContext;
    private final Deadline deadline;
    private final TcpKeepAlive tcpKeepAlive;

    /**
     * @param sslContext   the client's TLS context; null for ws://
     * @param tcpKeepAlive the connector's, applied to the TCP connection as soon as it is established
     */
    public Dialer(ClientConfig config, SSLContext sslContext, Deadline deadline, TcpKeepAlive tcpKeepAlive) {
        this.config = config;
        this.sslContext = sslContext;
        this.deadline = deadline;
        this.tcpKeepAlive = tcpKeepAlive;
    }

    /** The attempt's absolute deadline. */
    public record Deadline(long endNanos, java.time.Duration total) {
        /** The deadline {@code total} from now. */
        public static Deadline in(java.time.Duration total) {
            return new Deadline(System.nanoTime() + total.toNanos(), total);
        }

        public int remainingMillis() {
            long left = (endNanos - System.nanoTime()) / 1_000_000;
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
        }
    }

    /** Opens the connection. {@code holder} receives the channel before anything blocks, so an abort can close it. */
    public Wire dial(ChannelHolder holder) throws IOException {
        String host = config.uri().getHost();
        int port = config.port();
        SocketChannel channel = SocketChannel.open();
        holder.set(channel);
        // The socket adaptor gives timeouts to the blocking steps; the channel serves the I/O loop afterwards.
        Socket socket = channel.socket();
        socket.setTcpNoDelay(true); // a WebSocket exchanges small frames; Nagle only adds latency
        if (config.proxy().isPresent()) {
            ProxyConfig proxy = config.proxy().get();
            connect(socket, holder, proxy.host(), proxy.port(), true);
            tunnel(socket, holder, proxy, host, port);
        } else {
            connect(socket, holder, host, port, false);
        }
        tcpKeepAlive.apply(config, socket);
        if (!config.secure()) {
            return new Wire(channel, null);
        }
        return handshake(channel, host, port);
    }

    public Deadline deadline() {
        return deadline;
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
            socket.connect(address, deadline.remainingMillis());
        } catch (SocketTimeoutException e) {
            throw timeout(toProxy ? "TCP connect to proxy " + host + ":" + port : "TCP connect to " + host + ":" + port, e);
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
            socket.setSoTimeout(deadline.remainingMillis());
            OutputStream out = socket.getOutputStream();
            out.write(HttpHead.ascii(request.toString()));
            out.flush();
            InputStream in = socket.getInputStream();
            reply = HttpHead.read(in);
        } catch (SocketTimeoutException e) {
            // Phrased to read right inside timeout()'s "... did not complete within": a silent proxy and one that
            // stalls half-way through its reply both end here.
            throw timeout("the reply of proxy " + proxy.address() + " to CONNECT " + authority, e);
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
            throw ProxyRefusals.of(config, proxy, reply.statusLine(), reply.status());
        }
    }

    private Wire handshake(SocketChannel channel, String host, int port) throws IOException {
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
            channel.socket().setSoTimeout(deadline.remainingMillis());
            wire.tlsHandshake();
            return wire;
        } catch (SocketTimeoutException e) {
            throw timeout("TLS handshake with " + address(host, port), e);
        } catch (SSLException e) {
            throw new TlsHandshakeException(config.name(), "TLS handshake with " + address(host, port) + " failed: "
                    + Failures.rootMessage(e) + offered(protocols), e);
        } catch (IOException e) {
            // A server refusing the handshake may just drop the connection without an alert (Grizzly refusing a
            // missing client certificate under TLS 1.2); the JDK then throws a bare "Broken pipe" or "Connection
            // reset". Still a TLS failure, not a network one (ClientCertificateAuthenticationTest).
            throw new TlsHandshakeException(config.name(), "TLS handshake with " + address(host, port) + " failed: "
                    + "the server closed the connection during the handshake (" + Failures.rootMessage(e) + ")"
                    + offered(protocols), e);
        }
    }

    /** Servers often refuse a TLS version without saying so; naming what was offered points at tls.protocols. */
    private static String offered(List<String> protocols) {
        return "; offered " + String.join(", ", protocols) + " (tls.protocols)";
    }

    /** A step of the attempt ran out of connection-timeout; {@code step} reads before "did not complete ...". */
    public WebSocketConnectorException timeout(String step, Throwable cause) {
        return new ConnectTimeoutException(config.name(), step + " did not complete within "
                + Durations.format(deadline.total()) + " (connection-timeout)", cause);
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
