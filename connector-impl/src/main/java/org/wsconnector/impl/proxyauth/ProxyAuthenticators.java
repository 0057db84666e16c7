package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.impl.config.OptionalLibrary;

import java.util.Optional;

/**
 * Where the schemes are registered: the one place that knows which class answers which {@link ProxyAuthScheme}.
 * A scheme is created only when {@code proxy.auth-schemes} allows it and the client has what it needs for it: its
 * credentials, and for NTLM Bouncy Castle (an optional dependency; {@link NtlmAuthenticator} is not loaded without it).
 */
public final class ProxyAuthenticators {
    private ProxyAuthenticators() {
    }

    /** A new authenticator of {@code scheme} for one CONNECT attempt; empty when not allowed or not usable. */
    public static Optional<ProxyAuthenticator> create(ProxyAuthScheme scheme, ProxyAuthContext context) {
        if (!context.proxy().authSchemes().contains(scheme)) {
            return Optional.empty();
        }
        return switch (scheme) {
            case NEGOTIATE -> NegotiateAuthenticator.usable(context)
                    ? Optional.of(new NegotiateAuthenticator(context)) : Optional.empty();
            case NTLM -> OptionalLibrary.BOUNCY_CASTLE.present()
                    ? context.proxy().credentials().map(NtlmAuthenticator::new) : Optional.empty();
            case DIGEST -> context.proxy().credentials().map(c -> new DigestAuthenticator(c, context.target()));
            case BASIC -> context.proxy().credentials().map(BasicAuthenticator::new);
        };
    }
}
