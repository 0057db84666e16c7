package org.wsconnector;

/** The proxy answered 407: it demands (other) credentials. Says whether credentials were sent. */
public class ProxyAuthenticationException extends ProxyException {
    private static final long serialVersionUID = 1L;
    private final boolean credentialsSent;

    public ProxyAuthenticationException(String client, String proxy, String statusLine, boolean credentialsSent,
                                        Throwable cause) {
        super(client, proxy, statusLine, "proxy " + proxy + " demands authentication (" + statusLine + "); "
                + (credentialsSent ? "the configured proxy.username/proxy.password were sent and refused"
                                   : "no credentials were sent: set proxy.username and proxy.password"), cause);
        this.credentialsSent = credentialsSent;
    }

    public boolean credentialsSent() {
        return credentialsSent;
    }
}
