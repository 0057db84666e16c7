package org.wsconnector.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A way to answer a proxy's {@code 407} challenge, strongest first: when a proxy offers several, the connector takes
 * the first of these it is allowed to use ({@code proxy.auth-schemes}) and has what it needs for.
 */
public enum ProxyAuthScheme {
    /** SPNEGO/Kerberos through the JDK's GSS-API. */
    NEGOTIATE("Negotiate"),
    /** NTLMv2 with {@code proxy.username} (<code>DOMAIN&#92;user</code> or {@code user@domain}) and its password. */
    NTLM("NTLM"),
    /** RFC 7616 Digest (MD5, SHA-256; qop=auth) with {@code proxy.username} and {@code proxy.password}. */
    DIGEST("Digest"),
    /** RFC 7617 Basic with {@code proxy.username} and {@code proxy.password}; also sent preemptively. */
    BASIC("Basic");

    private final String token;

    ProxyAuthScheme(String token) {
        this.token = token;
    }

    /** The scheme's name as it appears in {@code Proxy-Authenticate} and {@code Proxy-Authorization}. */
    public String token() {
        return token;
    }

    /** The name used in {@code proxy.auth-schemes}: the token in lower case. */
    public String key() {
        return token.toLowerCase(Locale.ROOT);
    }

    /** The scheme named {@code token} (case-insensitive, as RFC 7235 says), if it is one of these. */
    public static Optional<ProxyAuthScheme> of(String token) {
        for (ProxyAuthScheme scheme : values()) {
            if (scheme.token.equalsIgnoreCase(token)) {
                return Optional.of(scheme);
            }
        }
        return Optional.empty();
    }
}
