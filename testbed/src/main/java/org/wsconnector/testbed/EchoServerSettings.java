package org.wsconnector.testbed;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The immutable configuration an {@link EchoServer} was built with.
 *
 * @param path                  endpoint path, starting with {@code /}
 * @param tls                   TLS settings, empty for plain {@code ws://}
 * @param subprotocols          subprotocols the server supports, in no particular order
 * @param unofferedSubprotocol  when present, the server answers this subprotocol whatever the client offered
 */
record EchoServerSettings(String path, Optional<Tls> tls, List<String> subprotocols,
                          Optional<String> unofferedSubprotocol) {

    /**
     * @param keyStore          PKCS12 store with the server key and chain
     * @param password          its password
     * @param protocol          the only TLS version to enable, e.g. {@code TLSv1.2}; empty for the JDK default set
     * @param clientTrustStore  when present, clients must present a certificate this store trusts
     */
    record Tls(Path keyStore, char[] password, Optional<String> protocol, Optional<Path> clientTrustStore) {
    }
}
