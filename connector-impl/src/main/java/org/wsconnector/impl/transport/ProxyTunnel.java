package org.wsconnector.impl.transport;

import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.engine.Failures;
import org.wsconnector.impl.engine.PeerText;
import org.wsconnector.impl.proxyauth.ProxyAuthContext;
import org.wsconnector.impl.proxyauth.ProxyAuthFailure;
import org.wsconnector.impl.proxyauth.ProxyAuthentication;
import org.wsconnector.impl.proxyauth.ProxyChallenges;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * The CONNECT exchange with the proxy, answering its {@code 407} challenges: each round sends CONNECT with the
 * scheme's answer, reads the reply head and throws the body away. When the proxy closes the connection after a 407,
 * the next round goes on a new one, except for the schemes that authenticate the connection (NTLM, Negotiate).
 * Rounds are bounded, so a proxy that keeps challenging ends the attempt; time is bounded by the engine's
 * connection-timeout, which closes the channel held by {@link ChannelHolder} whichever it is by then.
 */
final class ProxyTunnel {
    /** CONNECT requests in one attempt: NTLM needs three (after a preemptive Basic), Digest's stale retry three. */
    static final int MAX_ROUNDS = 5;

    /** Opens a new connection to the proxy (TCP, handed to the holder, and TLS with an HTTPS proxy). */
    interface ProxyConnector {
        ProxyConnection connect() throws IOException;
    }

    /**
     * One connection to the proxy.
     *
     * @param hop     the streams the CONNECT exchange runs on
     * @param session the TLS session with an HTTPS proxy, which the tunnel then runs inside; null for plain HTTP
     */
    record ProxyConnection(SocketChannel channel, ProxyHop hop, Wire session) {
    }

    private final ClientConfig config;
    private final ProxyConfig proxy;
    private final ChannelHolder holder;
    private final ProxyConnector connector;
    private final String authority;

    ProxyTunnel(ClientConfig config, ChannelHolder holder, ProxyConnector connector, String authority) {
        this.config = config;
        this.proxy = config.proxy().orElseThrow();
        this.holder = holder;
        this.connector = connector;
        this.authority = authority;
    }

    /** @return the connection the tunnel is open on: {@code connection}, or the one a reconnect opened */
    ProxyConnection open(ProxyConnection connection) throws IOException {
        ProxyAuthentication authentication = new ProxyAuthentication(new ProxyAuthContext(config.name(), proxy,
                authority));
        Optional<String> authorization = authentication.preemptive();
        ProxyConnection current = connection;
        for (int round = 1; ; round++) {
            HttpHead reply = exchange(current, authorization);
            if (reply.status() / 100 == 2) {
                return current;
            }
            String statusLine = PeerText.quote(reply.statusLine());
            if (reply.status() != 407) {
                throw ProxyRefusals.of(config, proxy, reply, authentication.credentialsSent());
            }
            if (round == MAX_ROUNDS) {
                throw authenticationError(statusLine, authentication, "it still demands authentication after "
                        + MAX_ROUNDS + " requests" + authentication.scheme().map(s -> " (" + s.token() + ")")
                        .orElse("") + "; giving up", null);
            }
            try {
                authorization = Optional.of(authentication.answer(
                        ProxyChallenges.parse(reply.headers().getOrDefault("Proxy-Authenticate", List.of()))));
            } catch (ProxyAuthFailure failure) {
                throw authenticationError(statusLine, authentication, failure.getMessage(), failure.getCause());
            }
            if (!readBody(current, reply)) {
                if (authentication.connectionBound()) {
                    throw authenticationError(statusLine, authentication, "it closed the connection in the middle "
                            + "of the " + authentication.scheme().orElseThrow().token() + " handshake, which needs "
                            + "one connection for all its rounds: the proxy must keep client connections alive",
                            null);
                }
                current.channel().close();
                current = connector.connect();
            }
        }
    }

    private HttpHead exchange(ProxyConnection connection, Optional<String> authorization) throws IOException {
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(authority).append(" HTTP/1.1\r\n")
                .append("Host: ").append(authority).append("\r\n");
        authorization.ifPresent(value -> request.append("Proxy-Authorization: ").append(value).append("\r\n"));
        request.append("\r\n");
        return talk(() -> {
            OutputStream out = connection.hop().output();
            out.write(HttpHead.ascii(request.toString()));
            out.flush();
            return HttpHead.read(connection.hop().input());
        });
    }

    /** @return whether the connection can carry the next round */
    private boolean readBody(ProxyConnection connection, HttpHead reply) throws IOException {
        return talk(() -> ReplyBody.discard(connection.hop().input(), reply));
    }

    /** One blocking exchange with the proxy; its failures become ProxyExceptions unless the engine aborted it. */
    private <T> T talk(ProxyIo<T> io) throws IOException {
        try {
            return io.run();
        } catch (HttpHead.MalformedHeadException e) {
            throw invalidReply(e);
        } catch (IOException e) {
            if (holder.isClosed()) {
                throw e; // aborted: the engine already knows why
            }
            throw failed(e);
        }
    }

    private interface ProxyIo<T> {
        T run() throws IOException;
    }

    private ProxyException invalidReply(HttpHead.MalformedHeadException e) {
        return new ProxyException(config.name(), proxy.address(), null, "proxy " + proxy.address()
                + " sent an invalid reply to CONNECT " + authority + ": " + e.getMessage(), e);
    }

    private ProxyException failed(IOException e) {
        return new ProxyException(config.name(), proxy.address(), null, "proxy " + proxy.address()
                + " failed during CONNECT " + authority + ": " + Failures.rootMessage(e), e);
    }

    private ProxyAuthenticationException authenticationError(String statusLine, ProxyAuthentication authentication,
                                                             String reason, Throwable cause) {
        return new ProxyAuthenticationException(config.name(), proxy.address(), statusLine,
                authentication.credentialsSent(), "proxy " + proxy.address() + " demands authentication ("
                + statusLine + "); " + reason, cause);
    }
}
