package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.ConnectionState;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void echoesOverWssAndClosesWith1001() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "changeit".toCharArray());
        try (EchoServer server = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start()) {
            try (ConnectorUnderTest connector = ConnectorUnderTest.client("echo", "uri", server.uri(),
                    "tls.ca-file", certs.ca().pemFile())) {
                connector.connection().awaitOpen(Duration.ofSeconds(10));
                connector.echo("hello");
                assertThat(connector.events().states()).containsExactly(ConnectionState.CONNECTING,
                        ConnectionState.OPEN);
                connector.events().assertNoMoreEvents();
            }
            server.awaitClientClose(1001, Duration.ofSeconds(10));
        }
    }
}
