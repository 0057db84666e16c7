package org.wsconnector.testbed;

import java.time.Instant;

/**
 * One line of {@link ConnectProxy}'s access log: a request it answered.
 *
 * @param time                      when the proxy answered
 * @param method                    the request method, normally {@code CONNECT}
 * @param target                    the request target as sent, for CONNECT {@code host:port}
 * @param status                    the status the proxy answered, e.g. 200, 407, 403, 502
 * @param proxyAuthorizationPresent whether the request carried a {@code Proxy-Authorization} header
 */
public record ProxyAccessRecord(Instant time, String method, String target, int status,
                                boolean proxyAuthorizationPresent) {
}
