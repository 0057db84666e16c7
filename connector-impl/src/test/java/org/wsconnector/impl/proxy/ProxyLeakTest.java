package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.impl.ConnectorResources;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.testbed.MisbehavingProxy;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.ConnectorUnderTest.proxied;
import static org.wsconnector.impl.ConnectorUnderTest.proxiedKeys;

/**
 * Twenty failed attempts in a row leave nothing behind: the connector's I/O threads (and any Tyrus thread) end, and
 * every socket is closed, on our side (/proc/self/fd) and as the proxy sees it.
 */
class ProxyLeakTest {
    static final int FAILED_ATTEMPTS = 20;
    static final int FD_TOLERANCE = 3;

    @RegisterExtension
    static final SquidAndEcho bed = new SquidAndEcho("svc", "Leak-Test-Pa55");
    /** The most threads and descriptors seen while the attempts were failing: proof that the counts move at all. */
    static ConnectorResources peak = new ConnectorResources(0, 0);


    @Test
    void twentyProxyAuthenticationFailuresFromSquidLeaveThreadsAndFileDescriptorsFlat() {
        Map<String, String> keys = retryingKeys(bed.squid().hostAndPort());
        keys.put("proxy.username", "svc");
        keys.put("proxy.password", "wrong-password");
        failRepeatedly(keys, 1); // warm-up: classes, jars and Tyrus's statics are loaded once per JVM
        int refusedBefore = refusedBySquid();
        ConnectorResources before = ConnectorResources.settled();
        peak = before;

        int attempts = failRepeatedly(keys, FAILED_ATTEMPTS);

        ConnectorResources after = awaitBackTo(before);
        System.out.printf("407 x%d: threads %d -> %d (peak %d), fds %d -> %d (peak %d)%n", attempts,
                before.threads(), after.threads(), peak.threads(), before.fds(), after.fds(), peak.fds());
        // The attempt in flight when the client was closed may or may not have reached squid.
        assertThat(refusedBySquid() - refusedBefore).as("attempts squid refused").isBetween(attempts, attempts + 1);
    }

    @Test
    void twentyTimeoutsAgainstASilentProxyLeaveThreadsAndFileDescriptorsFlatAndCloseEverySocket() {
        try (MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.silent())) {
            Map<String, String> keys = retryingKeys("127.0.0.1:" + proxy.port());
            keys.put("connection-timeout", "200ms");
            failRepeatedly(keys, 1);
            proxy.awaitAllClosed(Duration.ofSeconds(5));
            ConnectorResources before = ConnectorResources.settled();
            peak = before;

            int attempts = failRepeatedly(keys, FAILED_ATTEMPTS);

            ConnectorResources after = awaitBackTo(before);
            System.out.printf("silent x%d: threads %d -> %d (peak %d), fds %d -> %d (peak %d)%n", attempts,
                    before.threads(), after.threads(), peak.threads(), before.fds(), after.fds(), peak.fds());
            proxy.awaitAllClosed(Duration.ofSeconds(5));
            // One more connection than failures when an attempt was in flight at close: it must be closed too.
            assertThat(proxy.connections()).hasSizeBetween(1 + attempts, 2 + attempts)
                    .allSatisfy(connection -> assertThat(connection.closedByClient()).as("closed by the client: %s",
                            connection).isTrue());
        }
    }

    /** Unlimited attempts 20 ms apart: the failures come as fast as the backoff allows. */
    private static Map<String, String> retryingKeys(String proxy) {
        Map<String, String> keys = proxiedKeys(bed.server().uri().toString(), proxy);
        keys.put("reconnect.attempts", "unlimited");
        keys.put("reconnect.interval", "20ms");
        keys.put("reconnect.multiplier", "1");
        keys.put("reconnect.jitter", "0");
        return keys;
    }

    /** Lets a client fail {@code count} times, then closes it; returns how many attempts were made in all. */
    private static int failRepeatedly(Map<String, String> keys, int count) {
        try (ConnectorUnderTest client = proxied(keys)) {
            client.connection().open();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                peak = peak.max(ConnectorResources.now());
                return client.events().failures().size() >= count;
            });
            client.connection().close().toCompletableFuture().join();
            assertThat(client.events().causes()).allSatisfy(failure -> assertThat(failure)
                    .isInstanceOfAny(ProxyAuthenticationException.class, ConnectTimeoutException.class));
            return client.events().failures().size();
        }
    }

    private static int refusedBySquid() {
        return (int) bed.squid().accessLog().stream().filter(r -> r.status() == 407).count();
    }

    private static ConnectorResources awaitBackTo(ConnectorResources before) {
        return ConnectorResources.awaitBackTo(before, FD_TOLERANCE);
    }
}
