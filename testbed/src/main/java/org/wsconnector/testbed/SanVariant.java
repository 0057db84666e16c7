package org.wsconnector.testbed;

/**
 * Which subject alternative names a CA-signed server certificate carries.
 *
 * <p>The variants exist so that tests can prove hostname verification: a client that connects to
 * {@code 127.0.0.1} must reject {@link #DNS_ONLY}, one that connects to {@code localhost} must reject
 * {@link #IP_ONLY}, and both must accept {@link #BOTH}.
 */
public enum SanVariant {
    /** {@code DNS:localhost} and {@code IP:127.0.0.1}. */
    BOTH(true, true),
    /** {@code DNS:localhost} only. */
    DNS_ONLY(true, false),
    /** {@code IP:127.0.0.1} only. */
    IP_ONLY(false, true);

    private final boolean dns;
    private final boolean ip;

    SanVariant(boolean dns, boolean ip) {
        this.dns = dns;
        this.ip = ip;
    }

    /** @return whether the certificate names {@code localhost} */
    public boolean hasDnsName() {
        return dns;
    }

    /** @return whether the certificate names {@code 127.0.0.1} */
    public boolean hasIpAddress() {
        return ip;
    }
}
