package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutual TLS against a server that requires a client certificate signed by the test CA: the certificate from a
 * PKCS12 key store and from PEM files both authenticate, and a client without one is refused.
 */
class ClientCertificateAuthenticationTest {
    private static final String PASSWORD = SharedCertificates.PASSWORD;

    static final TestCertificates certificates = SharedCertificates.get();

    @Test
    void aClientCertificateFromAPkcs12KeyStoreAuthenticates() throws Exception {
        try (EchoServer server = serverRequiringClientCertificates();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(),
                     "tls.key-store", certificates.client().keyStore(), "tls.key-store-password", PASSWORD)) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void aClientCertificateFromPemFilesAuthenticates() throws Exception {
        try (EchoServer server = serverRequiringClientCertificates();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(),
                     "tls.cert-file", certificates.client().chainPemFile(),
                     "tls.key-file", certificates.client().privateKeyPemFile())) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        try (EchoServer server = serverRequiringClientCertificates();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            assertThat(failure.getMessage()).startsWith("[ari] TLS handshake with 127.0.0.1")
                    .contains("refuses the client certificate (none was sent");
            assertThat(server.connections()).isEmpty();
        }
    }

    @Test
    void aClientWithoutACertificateIsRefusedByATls12Server() {
        // Under TLS 1.2 the refusal is part of the handshake proper, so the JDK reports it itself.
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                .tlsProtocol("TLSv1.2").requireClientCertificate(certificates.caTrustStore()).start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "reconnect.attempts", 1)) {
            ConnectionAssertions.failsTheHandshake(connector);

            assertThat(server.connections()).isEmpty();
        }
    }

    @Test
    void aClientWhoseCertificateTheServerDoesNotTrustIsRefused() {
        // A valid key pair too, but self-signed: the server's CA does not vouch for it.
        try (EchoServer server = serverRequiringClientCertificates();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(),
                     "tls.key-store", certificates.selfSignedServer().keyStore(), "tls.key-store-password", PASSWORD,
                     "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            // The JDK offers only a certificate issued by a CA the server named in its request: so none goes.
            assertThat(failure.getMessage()).contains("refuses the client certificate (none was sent");
            assertThat(server.connections()).isEmpty();
        }
    }

    private static EchoServer serverRequiringClientCertificates() {
        return EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                .requireClientCertificate(certificates.caTrustStore()).start();
    }
}
