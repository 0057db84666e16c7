package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients with equal TLS settings share one SSLContext (one set of managers in memory, one session cache so the next
 * client to a server resumes the TLS session); a client whose settings differ in anything gets its own.
 */
class ConnectorConfigurationTest {

    @Test
    void clientsWithEqualTlsSettingsShareOneContextAndOthersDoNot(@TempDir Path directory) {
        TestCertificates certificates = TestCertificates.generate(directory, "changeit".toCharArray());
        String ca = certificates.ca().pemFile().toString();
        ConfigProblems problems = new ConfigProblems();

        ConnectorConfiguration configuration = ConnectorConfiguration.read(Map.of(
                "websocket.client.quotes.uri", "wss://127.0.0.1:9443/quotes",
                "websocket.client.quotes.tls.ca-file", ca,
                "websocket.client.trades.uri", "wss://127.0.0.1:9443/trades",
                "websocket.client.trades.tls.ca-file", ca,
                "websocket.client.legacy.uri", "wss://127.0.0.1:9443/legacy",
                "websocket.client.legacy.tls.ca-file", ca,
                "websocket.client.legacy.tls.protocols", "TLSv1.2"), problems);

        assertThat(problems.messages()).isEmpty();
        assertThat(configuration.tlsContexts().get("trades")).isSameAs(configuration.tlsContexts().get("quotes"));
        assertThat(configuration.tlsContexts().get("legacy")).isNotNull()
                .isNotSameAs(configuration.tlsContexts().get("quotes"));
    }
}
