package org.wsconnector;

import java.util.Optional;

/**
 * The forward proxy did not open the tunnel: it refused it (any non-2xx reply), could not be reached, never
 * answered, or answered something that is not HTTP. Carries the proxy address and, when there was one, its status
 * line. Never carries credentials.
 */
public class ProxyException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;
    private final String proxy;
    private final String statusLine;

    public ProxyException(String client, String proxy, String statusLine, String message, Throwable cause) {
        super(client, message, cause);
        this.proxy = proxy;
        this.statusLine = statusLine;
    }

    /** The proxy as host:port. */
    public String proxy() {
        return proxy;
    }

    /** The proxy's status line, e.g. {@code HTTP/1.1 403 Forbidden}; empty when it gave none. */
    public Optional<String> statusLine() {
        return Optional.ofNullable(statusLine);
    }
}
