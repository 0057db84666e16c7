package org.wsconnector.impl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * A client resumes its own TLS session when it reconnects, instead of repeating the full handshake (certificate
 * exchange and verification): the session of the reconnect is one the previous connection left in the client's
 * session cache, by its handshake (TLS 1.2) or by the NewSessionTicket the server sent after it (TLS 1.3). That takes
 * an engine made for the server's host and port (the cache's key) and a TLS driver that reads the ticket.
 */
class TlsSessionResumptionTest {
    private static final String CLIENT = "pbx";
    private static final TestCertificates certificates = SharedCertificates.get();

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aReconnectResumesTheSessionOfTheClientsPreviousConnection(String protocol) throws Exception {
        Map<String, RecordingSslContext> recorded = new HashMap<>();
        try (EchoServer server = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates)
                     .tlsProtocol(protocol).start();
             ConnectorUnderTest connector = ConnectorUnderTest.withProperties(ConnectorUnderTest.properties(CLIENT,
                             "uri", server.uri(), "tls.ca-file", certificates.ca().pemFile(),
                             "reconnect.interval", "50ms"),
                     contexts -> RecordingSslContext.wrapEach(contexts, recorded))) {
            connector.connection().awaitOpen(WAIT);
            // A TLS 1.3 ticket follows the handshake; once an echo has come back, everything before it was read.
            connector.connection().sendText("before").toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            connector.events().awaitTexts(1);
            List<String> cachedByFirstConnection = ids(recorded.get(CLIENT).getClientSessionContext());

            server.closeAllSessions(1012, "service restart");
            connector.events().awaitEntered(OPEN, 2);

            List<SSLEngine> engines = recorded.get(CLIENT).engines();
            assertThat(engines).hasSize(2);
            assertThat(engines.get(1).getSession().getProtocol()).isEqualTo(protocol);
            assertThat(cachedByFirstConnection).as("sessions the first connection left in the client's cache")
                    .contains(id(engines.get(1).getSession().getId()));
        }
    }

    private static List<String> ids(SSLSessionContext cache) {
        return Collections.list(cache.getIds()).stream().map(TlsSessionResumptionTest::id).toList();
    }

    private static String id(byte[] sessionId) {
        return HexFormat.of().formatHex(sessionId);
    }
}
