package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import javax.net.ssl.SSLEngine;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * {@code tls.protocols} reaches the socket: a client limited to one version does not fall back to another the
 * server would accept, and the version actually negotiated (read from the connector's own {@link SSLEngine}
 * through {@link RecordingSslContext}) is the one expected.
 */
class TlsProtocolsAreEnforcedTest {
    private static final String CLIENT = "pbx";

    static final TestCertificates certificates = SharedCertificates.get();

    @Test
    void aTls13OnlyClientRefusesATls12OnlyServer() throws Exception {
        try (EchoServer server = serverSpeakingOnly("TLSv1.2");
             ConnectorUnderTest connector = ConnectorUnderTest.client(CLIENT, "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "tls.protocols", "TLSv1.3",
                     "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            // The Grizzly server closes without an alert; what matters is that no other version was tried.
            assertThat(failure.getMessage()).startsWith("[pbx] TLS handshake with 127.0.0.1:" + server.port());
            assertThat(server.connections()).isEmpty();
        }
    }

    @Test
    void aTls12OnlyClientRefusesATls13OnlyServer() throws Exception {
        try (EchoServer server = serverSpeakingOnly("TLSv1.3");
             ConnectorUnderTest connector = ConnectorUnderTest.client(CLIENT, "uri", server.uri(),
                     "tls.ca-file", certificates.ca().pemFile(), "tls.protocols", "TLSv1.2",
                     "reconnect.attempts", 1)) {
            TlsHandshakeException failure = ConnectionAssertions.failsTheHandshake(connector);

            // The Grizzly server closes without an alert; what matters is that no other version was tried.
            assertThat(failure.getMessage()).startsWith("[pbx] TLS handshake with 127.0.0.1:" + server.port());
            assertThat(server.connections()).isEmpty();
        }
    }

    @Test
    void aTls12OnlyClientNegotiatesTls12WithATls12Server() throws Exception {
        assertNegotiates("TLSv1.2", "TLSv1.2", "TLSv1.2");
    }

    @Test
    void aTls13OnlyClientNegotiatesTls13WithATls13Server() throws Exception {
        assertNegotiates("TLSv1.3", "TLSv1.3", "TLSv1.3");
    }

    @Test
    void theDefaultProtocolsFallBackToTls12WhenTheServerOffersNothingNewer() throws Exception {
        assertNegotiates("TLSv1.2", null, "TLSv1.2");
    }

    @Test
    void theDefaultProtocolsPreferTls13() throws Exception {
        assertNegotiates("TLSv1.3", null, "TLSv1.3");
    }

    private static void assertNegotiates(String serverProtocol, String clientProtocols, String expected)
            throws Exception {
        Map<String, RecordingSslContext> recorded = new HashMap<>();
        try (EchoServer server = serverSpeakingOnly(serverProtocol);
             ConnectorUnderTest connector = ConnectorUnderTest.withProperties(
                     clientProperties(server, clientProtocols), contexts -> RecordingSslContext.wrapEach(contexts, recorded))) {
            ConnectionAssertions.opensAndEchoes(connector);

            assertThat(recorded.get(CLIENT).engines()).singleElement().satisfies(engine -> {
                assertThat(engine.getSession().getProtocol()).isEqualTo(expected);
                assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder(
                        clientProtocols == null ? new String[]{"TLSv1.3", "TLSv1.2"} : clientProtocols.split(","));
            });
            connector.connection().close().toCompletableFuture().get(WAIT.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private static Map<String, String> clientProperties(EchoServer server, String protocols) {
        Map<String, String> properties = new HashMap<>(ConnectorUnderTest.properties(CLIENT,
                "uri", server.uri(), "tls.ca-file", certificates.ca().pemFile()));
        if (protocols != null) {
            properties.putAll(ConnectorUnderTest.properties(CLIENT, "tls.protocols", protocols));
        }
        return properties;
    }

    private static EchoServer serverSpeakingOnly(String protocol) {
        return EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).tlsProtocol(protocol)
                .start();
    }
}
