package org.wsconnector.impl.keepalive;

import org.junit.jupiter.api.Test;
import org.wsconnector.DeadPeerException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.RecordingListener.Recorded;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;
import org.wsconnector.testbed.Squid;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * client → squid → (frozen path) → server: the hop to the proxy stays healthy, so TCP keepalive (which reaches only
 * the proxy) sees nothing; only end-to-end pings find the dead server.
 */
class ProxiedPathFreezeTest {
    private static final Duration INTERVAL = Duration.ofMillis(300);
    private static final int PROBES = 3;

    @Test
    void aFreezeBehindSquidIsFoundByPingsWhileTheSocketToTheProxyStaysAlive() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay relay = FreezableRelay.start(server.port());
             Squid squid = Squid.builder().basicAuth("svc", "proxy-secret").start();
             ConnectorUnderTest running = ConnectorUnderTest.withProperties(ConnectorUnderTest.properties("behind",
                     "uri", "ws://127.0.0.1:" + relay.port() + "/echo",
                     "proxy.host", squid.hostAndPort(), "proxy.username", "svc", "proxy.password", "proxy-secret",
                     "ping.interval", INTERVAL.toMillis() + "ms", "ping.probes", String.valueOf(PROBES),
                     "tcp-keepalive.idle", "1s", "tcp-keepalive.interval", "1s", "tcp-keepalive.probes", "2",
                     "connection-timeout", "1s", "reconnect.interval", "200ms", "reconnect.max-interval", "500ms"))) {
            DefaultManagedWebSocket behind = running.connection("behind");
            RecordingListener states = running.events();
            behind.awaitOpen(PATIENCE);
            await().atMost(PATIENCE).until(() -> behind.lastPingRoundTrip().isPresent());

            long frozenAt = System.nanoTime();
            relay.freeze();
            Recorded lost = states.awaitFirst(frozenAt, r -> r.is(OPEN, RECONNECTING), "OPEN -> RECONNECTING");

            assertThat(lost.event().cause()).get().isInstanceOf(DeadPeerException.class);
            long detectedMillis = (lost.nanos() - frozenAt) / 1_000_000;
            System.out.printf("[keepalive] freeze behind squid: dead peer after %d ms (formula (%d, %d] ms)%n",
                    detectedMillis, PROBES * INTERVAL.toMillis(), (PROBES + 1) * INTERVAL.toMillis());
            // Not before (probes - 1/2) x interval; how late is for PingTimingTest, on virtual time.
            assertThat(detectedMillis).isGreaterThanOrEqualTo(PROBES * INTERVAL.toMillis() - INTERVAL.toMillis() / 2);

            relay.unfreeze();
            states.awaitFirst(lost.nanos(), r -> r.event().current() == OPEN, "OPEN again after the path thawed");
            // The relay only ever hears from squid (the client's sole route); squid itself logs a tunnel only once
            // both of its sides have ended, which a frozen side delays, so its log is not the witness here.
            assertThat(relay.acceptedCount()).as("connections squid opened to the server's path").isGreaterThanOrEqualTo(2);
        }
    }
}
