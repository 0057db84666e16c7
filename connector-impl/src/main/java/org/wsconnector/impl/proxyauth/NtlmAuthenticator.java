package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyAuthScheme;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * NTLM (v2 responses) in two answers on one connection: NEGOTIATE to the bare {@code NTLM} challenge, AUTHENTICATE
 * to the challenge that carries the server's CHALLENGE message. A further challenge is the proxy's refusal.
 */
final class NtlmAuthenticator implements ProxyAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Credentials credentials;
    private int answers;

    NtlmAuthenticator(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public ProxyAuthScheme scheme() {
        return ProxyAuthScheme.NTLM;
    }

    @Override
    public Optional<String> respond(ProxyChallenge challenge) throws ProxyAuthFailure {
        answers++;
        if (answers == 1) {
            if (challenge.token68().isPresent()) {
                throw new ProxyAuthFailure("the proxy's first NTLM challenge already carries a message");
            }
            return Optional.of(value(NtlmMessages.negotiate()));
        }
        if (answers > 2 || challenge.token68().isEmpty()) {
            return Optional.empty(); // the AUTHENTICATE message was refused, or the proxy started over
        }
        NtlmMessages.Challenge serverChallenge;
        try {
            serverChallenge = NtlmMessages.parseChallenge(Base64.getDecoder().decode(challenge.token68().get()));
        } catch (IllegalArgumentException e) {
            // The message is not quoted: it is the proxy's, but long and binary, and says nothing to an operator.
            throw new ProxyAuthFailure("the proxy's NTLM CHALLENGE message is malformed: " + e.getMessage());
        }
        byte[] clientChallenge = new byte[8];
        RANDOM.nextBytes(clientChallenge);
        return Optional.of(value(NtlmMessages.authenticate(serverChallenge,
                NtlmIdentity.of(credentials.username()), credentials.password().reveal(),
                NtlmMessages.fileTime(System.currentTimeMillis()), clientChallenge)));
    }

    @Override
    public boolean connectionBound() {
        return true;
    }

    private static String value(byte[] message) {
        return "NTLM " + Base64.getEncoder().encodeToString(message);
    }
}
