package org.wsconnector.config;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A forward HTTP proxy. The tunnel is always opened with {@code CONNECT}, for ws:// and wss://. The hop to the proxy
 * is plain HTTP unless {@code tls} is present (an HTTPS proxy: {@code proxy.tls=true} or an {@code https://} proxy
 * URL from the platform), in which case the CONNECT request and everything after it travel inside a TLS session with
 * the proxy, checked against {@code tls}'s trust anchors and the proxy's host name. Credentials go only to the proxy:
 * preemptively as {@code Proxy-Authorization: Basic} when {@code preemptiveBasic} (the default), and in answer to a
 * {@code 407} with the strongest of the proxy's schemes that {@code authSchemes} allows.
 *
 * @param tls             the trust settings of the TLS session with the proxy; empty for a plain-HTTP proxy. Only its
 *                        trust anchors, {@code verifyServerHostname} and protocols are used (no client certificate
 *                        towards a proxy)
 * @param authSchemes     the schemes the connector may answer a challenge with ({@code proxy.auth-schemes})
 * @param preemptiveBasic whether Basic credentials go with the first CONNECT, before any challenge
 *                        ({@code proxy.auth-preemptive}); only when Basic is allowed and credentials are set
 * @param kerberos        how to log in for {@code Negotiate} ({@code proxy.kerberos.*}); without it Negotiate is
 *                        never answered
 */
public record ProxyConfig(String host, int port, Optional<Credentials> credentials, Optional<TlsConfig> tls,
                          Set<ProxyAuthScheme> authSchemes, boolean preemptiveBasic,
                          Optional<KerberosLogin> kerberos) {
    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(kerberos, "kerberos");
        authSchemes = Set.copyOf(authSchemes);
    }

    /** Without a Kerberos login. */
    public ProxyConfig(String host, int port, Optional<Credentials> credentials, Optional<TlsConfig> tls,
                       Set<ProxyAuthScheme> authSchemes, boolean preemptiveBasic) {
        this(host, port, credentials, tls, authSchemes, preemptiveBasic, Optional.empty());
    }

    /** A plain-HTTP proxy with the default authentication: every scheme allowed, Basic sent preemptively. */
    public ProxyConfig(String host, int port, Optional<Credentials> credentials) {
        this(host, port, credentials, Optional.empty());
    }

    /** A proxy with the default authentication: every scheme allowed, Basic sent preemptively. */
    public ProxyConfig(String host, int port, Optional<Credentials> credentials, Optional<TlsConfig> tls) {
        this(host, port, credentials, tls, EnumSet.allOf(ProxyAuthScheme.class), true);
    }

    /** A plain-HTTP proxy with these authentication settings. */
    public ProxyConfig(String host, int port, Optional<Credentials> credentials, Set<ProxyAuthScheme> authSchemes,
                       boolean preemptiveBasic) {
        this(host, port, credentials, Optional.empty(), authSchemes, preemptiveBasic);
    }

    /** This proxy with other credentials (e.g. withheld ones), everything else kept. */
    public ProxyConfig withCredentials(Optional<Credentials> otherCredentials) {
        return new ProxyConfig(host, port, otherCredentials, tls, authSchemes, preemptiveBasic, kerberos);
    }

    /** This proxy with other TLS settings (e.g. with withheld store passwords), everything else kept. */
    public ProxyConfig withTls(Optional<TlsConfig> otherTls) {
        return new ProxyConfig(host, port, credentials, otherTls, authSchemes, preemptiveBasic, kerberos);
    }

    /** This proxy with a Kerberos login for Negotiate, everything else kept. */
    public ProxyConfig withKerberos(Optional<KerberosLogin> login) {
        return new ProxyConfig(host, port, credentials, tls, authSchemes, preemptiveBasic, login);
    }

    /** Whether the first CONNECT carries Basic credentials. */
    public boolean sendsBasicPreemptively() {
        return preemptiveBasic && credentials.isPresent() && authSchemes.contains(ProxyAuthScheme.BASIC);
    }

    /** host:port, with brackets around an IPv6 literal. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether the hop to the proxy is TLS (an HTTPS proxy). */
    public boolean secure() {
        return tls.isPresent();
    }

    /** {@code http://host:port} or {@code https://host:port}: how logs and status show the proxy, without secrets. */
    public String displayUri() {
        return (secure() ? "https://" : "http://") + address();
    }
}
