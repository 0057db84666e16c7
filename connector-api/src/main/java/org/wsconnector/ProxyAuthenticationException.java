package org.wsconnector;

/**
 * The proxy did not accept the tunnel's authentication: it answered 407 (or 401 after credentials were sent), kept
 * challenging, offered only schemes the connector may not or cannot answer, or a scheme's exchange failed. Says
 * whether credentials were sent. Never carries a credential, a Digest response or an NTLM/Kerberos token.
 */
public class ProxyAuthenticationException extends ProxyException {
    private static final long serialVersionUID = 1L;
    private final boolean credentialsSent;

    public ProxyAuthenticationException(String client, String proxy, String statusLine, boolean credentialsSent,
                                        Throwable cause) {
        this(client, proxy, statusLine, credentialsSent, "proxy " + proxy + " demands authentication (" + statusLine
                + "); " + (credentialsSent ? "the configured proxy.username/proxy.password were sent and refused"
                                           : "no credentials were sent: set proxy.username and proxy.password"),
                cause);
    }

    /** @param message says what happened; must hold no secret and only escaped peer text */
    public ProxyAuthenticationException(String client, String proxy, String statusLine, boolean credentialsSent,
                                        String message, Throwable cause) {
        super(client, proxy, statusLine, message, cause);
        this.credentialsSent = credentialsSent;
    }

    public boolean credentialsSent() {
        return credentialsSent;
    }
}
