package org.wsconnector.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A forward HTTP proxy. The tunnel is always opened with {@code CONNECT}, for ws:// and wss://; the hop to the
 * proxy is plain HTTP. Credentials are sent preemptively as {@code Proxy-Authorization: Basic}, only to the proxy.
 */
public record ProxyConfig(String host, int port, Optional<Credentials> credentials) {
    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** host:port, with brackets around an IPv6 literal. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
