package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.IssuedCertificate;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.security.cert.CertPathBuilderException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wss against a real TLS server: trust anchors from PEM and from a PKCS12 trust store, hostname verification
 * against DNS and IP subject alternative names, and the two switches that weaken verification. A refused server
 * fails the attempt with a {@link TlsHandshakeException} carrying the JDK's reason, and the same exception is the
 * cause of the state event.
 */
class ServerCertificateVerificationTest {
    private static final String PASSWORD = SharedCertificates.PASSWORD;

    static final TestCertificates certificates = SharedCertificates.get();

    @Test
    void trustsTheServerThroughACaPemFile() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.BOTH));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank",
                     "uri", server.uri(), "tls.ca-file", certificates.ca().pemFile())) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void trustsTheServerThroughAPkcs12TrustStore() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.BOTH));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri(),
                     "tls.trust-store", certificates.caTrustStore(), "tls.trust-store-password", PASSWORD)) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void acceptsACertificateNamingOnlyTheIpAddressWhenConnectingTo127001() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.IP_ONLY));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank",
                     "uri", server.uri("127.0.0.1"), "tls.ca-file", certificates.ca().pemFile())) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void rejectsACertificateNamingOnlyLocalhostWhenConnectingTo127001() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.DNS_ONLY));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri("127.0.0.1"),
                     "tls.ca-file", certificates.ca().pemFile(), "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            assertThat(failure.getMessage())
                    .startsWith("[bank] TLS handshake with 127.0.0.1:" + server.port() + " failed")
                    .contains("No subject alternative names matching IP address 127.0.0.1 found");
            assertThat(server.connections()).as("no WebSocket session on the server").isEmpty();
        }
    }

    @Test
    void acceptsACertificateNamingOnlyLocalhostWhenConnectingToLocalhost() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.DNS_ONLY));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank",
                     "uri", server.uri("localhost"), "tls.ca-file", certificates.ca().pemFile())) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void rejectsACertificateNamingOnlyTheIpAddressWhenConnectingToLocalhost() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.IP_ONLY));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri("localhost"),
                     "tls.ca-file", certificates.ca().pemFile(), "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            // The JDK's wording when the certificate has no DNS name at all.
            assertThat(failure.getMessage()).contains("No name matching localhost found");
        }
    }

    @Test
    void rejectsAnUnrelatedSelfSignedCertificateWithThePkixReason() throws Exception {
        try (EchoServer server = tlsServer(certificates.selfSignedServer());
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            assertThat(failure.getMessage()).contains("unable to find valid certification path to requested target");
            assertThat(failure).hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
    }

    @Test
    void acceptsACertificateForAnotherNameWhenHostnameVerificationIsOff() throws Exception {
        try (EchoServer server = tlsServer(certificates.server(SanVariant.DNS_ONLY));
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri("127.0.0.1"),
                     "tls.ca-file", certificates.ca().pemFile(), "tls.verify-server-hostname", false)) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    @Test
    void stillRejectsAnUntrustedCertificateWhenOnlyHostnameVerificationIsOff() throws Exception {
        try (EchoServer server = tlsServer(certificates.selfSignedServer());
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "tls.verify-server-hostname", false,
                     "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            assertThat(failure.getMessage()).contains("unable to find valid certification path to requested target");
            assertThat(failure).hasRootCauseInstanceOf(CertPathBuilderException.class);
        }
    }

    @Test
    void acceptsASelfSignedCertificateWhenServerCertificateVerificationIsOff() throws Exception {
        try (EchoServer server = tlsServer(certificates.selfSignedServer());
             ConnectorUnderTest connector = ConnectorUnderTest.client("bank", "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "tls.verify-server-cert", false)) {
            ConnectionAssertions.opensAndEchoes(connector);
        }
    }

    private static EchoServer tlsServer(IssuedCertificate certificate) {
        return EchoServer.builder().tls(certificate, certificates).start();
    }
}
