package org.wsconnector.testbed;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real tinyproxy the 401 tests rely on: 407 without credentials, 401 to wrong ones, a tunnel with the right. */
class TinyproxyTest {

    @Test
    void answers407WithoutCredentials401ToWrongOnesAndTunnelsWithTheRightOnesThenDiesOnClose() throws Exception {
        long pid;
        try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Tinyproxy proxy = Tinyproxy.start("alice", "wonder-land-1")) {
            pid = proxy.pid();
            String authority = "127.0.0.1:" + target.getLocalPort();

            assertThat(head(proxy, authority, null)).startsWith("HTTP/1.0 407 Proxy Authentication Required\r\n")
                    .contains("Proxy-Authenticate: Basic realm=\"Tinyproxy\"");
            assertThat(head(proxy, authority, RawProxyClient.basic("alice", "wrong")))
                    .startsWith("HTTP/1.0 401 Unauthorized\r\n");
            try (RawProxyClient client = new RawProxyClient(proxy.port())) {
                client.connect(authority, RawProxyClient.basic("alice", "wonder-land-1"));
                try (Socket relayed = target.accept()) {
                    assertThat(client.readHead()).startsWith("HTTP/1.0 200 Connection established");
                }
            }
            assertThat(proxy.connectRequestsTo(authority)).as("tinyproxy log:%n%s", proxy.log()).isEqualTo(3);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }

    private static String head(Tinyproxy proxy, String target, String authorization) throws Exception {
        try (RawProxyClient client = new RawProxyClient(proxy.port())) {
            client.connect(target, authorization);
            return client.readHead();
        }
    }
}
