package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.ProxyConfig;

import java.util.Objects;

/**
 * What a scheme may know about the attempt it authenticates.
 *
 * @param client the client's name, for messages
 * @param proxy  the proxy, with its credentials and settings
 * @param target the tunnel's target as {@code host:port} (the request-target of CONNECT, which Digest signs)
 */
public record ProxyAuthContext(String client, ProxyConfig proxy, String target) {
    public ProxyAuthContext {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(target, "target");
    }
}
