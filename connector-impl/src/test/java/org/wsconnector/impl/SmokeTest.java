package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.ConnectionState;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.config.ConfigProblems;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void echoesOverWssAndClosesWith1001() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "changeit".toCharArray());
        try (EchoServer server = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start()) {
            ConfigProblems problems = new ConfigProblems();
            ConnectorConfiguration configuration = ConnectorConfiguration.read(Map.of(
                    "websocket.client.echo.uri", server.uri().toString(),
                    "websocket.client.echo.tls.ca-file", certs.ca().pemFile().toString()), problems);
            assertThat(problems.messages()).isEmpty();
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
            List<String> received = new CopyOnWriteArrayList<>();
            try (WebSocketConnector connector = new WebSocketConnector(configuration, scheduler, Thread::new)) {
                var echo = connector.connection("echo").orElseThrow();
                echo.addListener(new WebSocketListener() {
                    @Override
                    public void onText(TextMessage message) {
                        received.add(message.text());
                    }
                });
                echo.awaitOpen(Duration.ofSeconds(10));
                echo.sendText("hello").toCompletableFuture().get();
                await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("hello"));
                assertThat(echo.state()).isEqualTo(ConnectionState.OPEN);
            }
            server.awaitClientClose(1001, Duration.ofSeconds(10));
            scheduler.shutdownNow();
        }
    }
}
