package org.wsconnector.testbed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A CONNECT target {@code host:port}, parsed and resolved.
 *
 * <p>The proxies refuse any target that does not resolve to a loopback address: the test bed must never
 * become a way out of this machine, whatever a test or a buggy client asks for.
 */
record ProxyTarget(String host, int port) {

    /** @return the parsed target, or empty when it is not {@code host:port} or {@code [v6]:port} */
    static Optional<ProxyTarget> parse(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1) {
            return Optional.empty();
        }
        String host = authority.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(authority.substring(colon + 1));
            return port < 1 || port > 65535 || host.isEmpty() ? Optional.empty() : Optional.of(new ProxyTarget(host, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @throws UnknownHostException when the name does not resolve */
    InetAddress resolve() throws UnknownHostException {
        return InetAddress.getByName(host);
    }
}
