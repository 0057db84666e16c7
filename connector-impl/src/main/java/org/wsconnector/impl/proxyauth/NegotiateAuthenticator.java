package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.ProxyAuthScheme;

import java.util.Optional;

/**
 * Negotiate (SPNEGO/Kerberos). A placeholder until the Kerberos work lands: it is never usable, so a proxy that
 * offers only Negotiate is reported as offering nothing the connector can answer.
 */
final class NegotiateAuthenticator implements ProxyAuthenticator {

    /** Whether this scheme has what it needs for {@code context} (a Kerberos configuration, a login). */
    static boolean usable(ProxyAuthContext context) {
        return false;
    }

    NegotiateAuthenticator(ProxyAuthContext context) {
    }

    @Override
    public ProxyAuthScheme scheme() {
        return ProxyAuthScheme.NEGOTIATE;
    }

    @Override
    public Optional<String> respond(ProxyChallenge challenge) throws ProxyAuthFailure {
        throw new ProxyAuthFailure("Negotiate is not supported yet");
    }

    @Override
    public boolean connectionBound() {
        return true;
    }
}
