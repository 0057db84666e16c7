package org.wsconnector.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A forward HTTP proxy. The tunnel is always opened with {@code CONNECT}, for ws:// and wss://. The hop to the proxy
 * is plain HTTP unless {@code tls} is present (an HTTPS proxy: {@code proxy.tls=true} or an {@code https://} proxy
 * URL from the platform), in which case the CONNECT request and everything after it travel inside a TLS session with
 * the proxy, checked against {@code tls}'s trust anchors and the proxy's host name. Credentials are sent
 * preemptively as {@code Proxy-Authorization: Basic}, only to the proxy.
 *
 * @param tls the trust settings of the TLS session with the proxy; empty for a plain-HTTP proxy. Only its trust
 *            anchors, {@code verifyServerHostname} and protocols are used (no client certificate towards a proxy)
 */
public record ProxyConfig(String host, int port, Optional<Credentials> credentials, Optional<TlsConfig> tls) {
    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(tls, "tls");
    }

    /** A plain-HTTP proxy. */
    public ProxyConfig(String host, int port, Optional<Credentials> credentials) {
        this(host, port, credentials, Optional.empty());
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
