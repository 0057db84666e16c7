package org.wsconnector.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings of a wss client. Trust anchors come from {@code trustStore} or {@code caFile} (or the JVM's default
 * trust when neither is set); a client certificate from {@code keyStore} or {@code certFile}+{@code keyFile}.
 *
 * @param verifyServerCert     check the server's certificate chain (tls.verify-server-cert, true); false is insecure
 * @param verifyServerHostname check the certificate names the host of the URI (tls.verify-server-hostname, true)
 * @param protocols            the TLS versions allowed (tls.protocols, TLSv1.3,TLSv1.2)
 */
public record TlsConfig(Optional<StoreFile> trustStore, Optional<Path> caFile,
                        Optional<StoreFile> keyStore, Optional<Path> certFile, Optional<Path> keyFile,
                        boolean verifyServerCert, boolean verifyServerHostname, List<String> protocols) {

    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        protocols = List.copyOf(protocols);
    }

    /** Defaults: JVM trust, no client certificate, full verification, TLSv1.3 and TLSv1.2. */
    public static TlsConfig defaults() {
        return new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), true, true, DEFAULT_PROTOCOLS);
    }
}
