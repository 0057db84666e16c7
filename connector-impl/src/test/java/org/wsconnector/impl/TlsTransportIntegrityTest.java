package org.wsconnector.impl;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector drives TLS itself (SSLEngine over a non-blocking channel): records split across reads, several records
 * in one read, messages larger than any buffer and sends from many threads must all arrive intact and in order.
 */
class TlsTransportIntegrityTest {
    @TempDir
    Path dir;
    private EchoServer server;
    private ConnectorUnderTest connector;

    @BeforeEach
    void connect() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "pw".toCharArray());
        server = EchoServer.builder().tls(certs.server(SanVariant.BOTH), certs).start();
        connector = ConnectorUnderTest.client("echo", "uri", server.uri(), "tls.ca-file", certs.ca().pemFile());
        connector.connection().awaitOpen(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        connector.close();
        server.close();
    }

    @Test
    void twoThousandMessagesOfVaryingSizeComeBackInOrderAndIntact() {
        ManagedWebSocket echo = connector.connection();
        List<String> sent = new ArrayList<>();
        Random sizes = new Random(42);
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String message = i + ":" + "x".repeat(sizes.nextInt(20_000));
            sent.add(message);
            writes.add(echo.sendText(message).toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).join();

        connector.events().awaitTexts(sent.size(), Duration.ofSeconds(60));
        assertThat(connector.events().texts()).containsExactlyElementsOf(sent);
    }

    @Test
    void aMessageLargerThanEveryBufferArrivesWhole() {
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(payload);

        connector.connection().sendBinary(ByteBuffer.wrap(payload)).toCompletableFuture().join();

        connector.events().awaitBinaries(1, Duration.ofSeconds(30));
        assertThat(connector.events().binaries()).singleElement().isEqualTo(payload);
    }

    @Test
    void sendsFromManyThreadsAreNeitherLostNorInterleaved() throws Exception {
        ManagedWebSocket echo = connector.connection();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                writes.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 250; i++) {
                        echo.sendText(id + "-" + i + "-" + "y".repeat(3000)).toCompletableFuture().join();
                    }
                }, pool));
            }
            CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        connector.events().awaitTexts(2000, Duration.ofSeconds(60));
        List<String> texts = connector.events().texts();
        for (int thread = 0; thread < 8; thread++) {
            String prefix = thread + "-";
            List<String> ofThread = texts.stream().filter(t -> t.startsWith(prefix)).toList();
            assertThat(ofThread).hasSize(250);
            for (int i = 0; i < 250; i++) {
                assertThat(ofThread.get(i)).isEqualTo(prefix + i + "-" + "y".repeat(3000));
            }
        }
    }
}
