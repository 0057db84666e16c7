package org.wsconnector.impl.proxyauth;

/**
 * A scheme cannot answer the challenge it was given: a malformed challenge, an algorithm it does not know, a
 * Kerberos login that failed. The message ends up in the {@code ProxyAuthenticationException} the tunnel throws:
 * it must hold no secret, and the proxy's text in it must be escaped ({@code PeerText.quote}).
 */
public final class ProxyAuthFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public ProxyAuthFailure(String message) {
        super(message);
    }

    public ProxyAuthFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
