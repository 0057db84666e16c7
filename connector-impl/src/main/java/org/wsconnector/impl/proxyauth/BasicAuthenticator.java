package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyAuthScheme;

import java.util.Optional;

/** RFC 7617 Basic: the credentials once, preemptively or in answer to the challenge; a second challenge is a no. */
final class BasicAuthenticator implements ProxyAuthenticator {
    private final Credentials credentials;
    private boolean sent;

    BasicAuthenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public ProxyAuthScheme scheme() {
        return ProxyAuthScheme.BASIC;
    }

    @Override
    public Optional<String> preemptive() {
        sent = true;
        return Optional.of(credentials.basicHeaderValue());
    }

    @Override
    public Optional<String> respond(ProxyChallenge challenge) {
        if (sent) {
            return Optional.empty();
        }
        return preemptive();
    }

    @Override
    public boolean connectionBound() {
        return false;
    }
}
