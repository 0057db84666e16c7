package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.testbed.ConnectProxy;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.ProxyAccessRecord;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/** A proxy that cuts the tunnel mid-session (a proxy restart) is a lost connection: reconnect, through the proxy. */
class ProxyTunnelLossTest {

    @Test
    void aTunnelCutByTheProxyIsReportedAsConnectionLostAndReopenedThroughTheProxy() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectProxy proxy = ConnectProxy.builder().requireBasicAuth("svc", "Tunnel-Loss-Pa55").start()) {
            Map<String, String> keys = proxiedKeys(server.uri().toString(), "127.0.0.1:" + proxy.port());
            keys.put("proxy.username", "svc");
            keys.put("proxy.password", "Tunnel-Loss-Pa55");
            keys.put("reconnect.attempts", "unlimited");
            keys.put("reconnect.interval", "100ms");
            try (ConnectorUnderTest client = proxied(keys)) {
                client.connection().awaitOpen(Duration.ofSeconds(10));
                client.echo("before the cut");
                proxy.awaitActiveTunnels(1, Duration.ofSeconds(5));

                assertThat(proxy.closeAllTunnels()).isEqualTo(1);

                ConnectionStateChanged lost = await().atMost(Duration.ofSeconds(5)).until(
                        () -> client.events().recorded().stream().map(RecordingListener.Recorded::event)
                                .filter(e -> e.previous() == ConnectionState.OPEN
                                        && e.current() == ConnectionState.RECONNECTING)
                                .findFirst().orElse(null), e -> e != null);
                assertThat(lost.cause()).get().isInstanceOf(ConnectionLostException.class);
                assertThat(lost.nextRetry()).isPresent();
                client.awaitState(ConnectionState.OPEN, Duration.ofSeconds(10));
                client.echo("after the cut");
                assertThat(client.events().states()).containsExactly(
                        ConnectionState.CONNECTING, ConnectionState.OPEN, ConnectionState.RECONNECTING,
                        ConnectionState.OPEN);
                client.events().assertNoMoreEvents();
            }
            assertThat(proxy.accessLog()).filteredOn(r -> r.status() == 200).hasSize(2)
                    .allMatch(ProxyAccessRecord::proxyAuthorizationPresent);
            assertThat(server.connections()).hasSize(2);
        }
    }
}
