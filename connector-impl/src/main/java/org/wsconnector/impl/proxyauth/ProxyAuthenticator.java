package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.ProxyAuthScheme;

import java.util.Optional;

/**
 * One scheme's side of the authentication of one CONNECT attempt. {@link ProxyAuthenticators} creates a new
 * instance for every attempt, so an instance may keep the state of a multi-round handshake (NTLM's negotiate and
 * authenticate messages, Digest's nonce count, a GSS context) and is used by one thread only.
 *
 * <p>The tunnel sends what {@link #respond} returns as the value of {@code Proxy-Authorization} in the next
 * CONNECT, and calls it again with the proxy's next challenge of the same scheme, until the proxy opens the tunnel
 * or the tunnel's round limit is reached. Nothing an authenticator returns or holds may be logged or put in a
 * message: it is a credential.
 */
public interface ProxyAuthenticator {
    ProxyAuthScheme scheme();

    /**
     * The header value for the first CONNECT, before the proxy challenged (Basic when sent preemptively); empty
     * for schemes that wait for a challenge.
     */
    default Optional<String> preemptive() {
        return Optional.empty();
    }

    /**
     * The {@code Proxy-Authorization} value answering {@code challenge} (one of this scheme), scheme name included,
     * e.g. {@code NTLM TlRMTVNT...}.
     *
     * @return empty when this scheme has nothing more to offer (e.g. Digest after its stale retry, Basic after its
     *         one try): the proxy refused what was sent
     * @throws ProxyAuthFailure when the challenge cannot be answered (malformed, unsupported algorithm, no ticket)
     */
    Optional<String> respond(ProxyChallenge challenge) throws ProxyAuthFailure;

    /**
     * Whether the handshake must stay on one TCP connection (NTLM, Negotiate authenticate the connection): if the
     * proxy closes it between rounds, the attempt fails instead of reconnecting. Digest and Basic reconnect.
     */
    boolean connectionBound();
}
