package org.wsconnector.testbed;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The real squid the proxy tests rely on: its policy, its access log, and that it leaves nothing behind. */
class SquidTest {

    @Test
    void authenticatingSquidAnswers407Then403ForALowPortThen503ForADeadPortAndLogsEachWithItsUser() throws Exception {
        try (Squid squid = Squid.builder().basicAuth("alice", "wonder-land-1").start()) {
            int deadPort;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                deadPort = socket.getLocalPort();
            }
            assertThat(statusLine(squid, "127.0.0.1:" + deadPort, null)).isEqualTo("HTTP/1.1 407 Proxy Authentication Required");
            assertThat(statusLine(squid, "127.0.0.1:" + deadPort, RawProxyClient.basic("alice", "wrong")))
                    .startsWith("HTTP/1.1 407");
            assertThat(statusLine(squid, "127.0.0.1:80", RawProxyClient.basic("alice", "wonder-land-1")))
                    .isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(statusLine(squid, "127.0.0.1:" + deadPort, RawProxyClient.basic("alice", "wonder-land-1")))
                    .startsWith("HTTP/1.1 503");

            var log = squid.awaitAccess(Squid.AccessRecord::isConnect, 4, Duration.ofSeconds(5));
            assertThat(log).extracting(Squid.AccessRecord::status).containsExactly(407, 407, 403, 503);
            assertThat(log.get(0).user()).isEmpty();
            assertThat(log.get(2).user()).contains("alice");
            assertThat(log.get(2).target()).isEqualTo("127.0.0.1:80");
        }
    }

    @Test
    void squidWithoutAuthTunnelsToALoopbackHighPortAndTheTunnelIsLoggedWhenItCloses() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Squid squid = Squid.builder().start()) {
            String authority = "127.0.0.1:" + target.getLocalPort();
            try (RawProxyClient client = new RawProxyClient(squid.port())) {
                client.connect(authority, null);
                assertThat(client.readHead()).startsWith("HTTP/1.1 200");
                target.accept().close();
            }
            var tunnel = squid.awaitAccess(Squid.AccessRecord::isTunnel, 1, Duration.ofSeconds(5)).get(0);
            assertThat(tunnel.target()).isEqualTo(authority);
            assertThat(tunnel.user()).isEmpty();
        }
    }

    @Test
    void closeKillsSquidAndRemovesItsSharedMemoryAndDirectory() throws Exception {
        Squid squid = Squid.builder().start();
        ProcessHandle process = ProcessHandle.of(squid.pid()).orElseThrow();
        assertThat(sharedMemoryOf(squid)).isNotZero();
        squid.close();
        assertThat(process.isAlive()).isFalse();
        assertThat(sharedMemoryOf(squid)).isZero();
    }

    private static long sharedMemoryOf(Squid squid) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(squid.instanceName() + "-")).count();
        }
    }

    private static String statusLine(Squid squid, String target, String authorization) throws IOException {
        try (RawProxyClient client = new RawProxyClient(squid.port())) {
            client.connect(target, authorization);
            String head = client.readHead();
            return head.substring(0, head.indexOf("\r\n"));
        }
    }
}
