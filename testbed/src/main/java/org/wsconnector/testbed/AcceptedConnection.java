package org.wsconnector.testbed;

import java.util.Optional;

/**
 * What {@link MisbehavingProxy} saw of one accepted connection.
 *
 * @param number                    1 for the first connection accepted, then 2, ...
 * @param requestLine               the request line, once a complete request head arrived
 * @param proxyAuthorizationPresent whether that head carried {@code Proxy-Authorization}
 * @param open                      whether the connection is still open on both sides
 * @param closedByClient            whether the client closed (or reset) it before the proxy did: what a
 *                                  client that aborts a proxy handshake must do
 */
public record AcceptedConnection(int number, Optional<String> requestLine, boolean proxyAuthorizationPresent,
                                 boolean open, boolean closedByClient) {
}
