package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.PingConfig;
import org.wsconnector.config.ReconnectPolicy;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * A {@code ClientConfig} made in code is not read, so none of the reader's ranges applies to it: the engine itself
 * must run whatever durations it holds — no overflow, no exception, no timer that fires at once because its due time
 * wrapped into the past, no period the scheduler refuses.
 */
class ConfigBuiltInCodeTest {
    private static final Duration CENTURIES = Duration.ofSeconds(Long.MAX_VALUE);

    private static ClientConfig read() {
        return ConnectorUnderTest.configuration(ConnectorUnderTest.properties("c", "uri", "ws://127.0.0.1:9/c"))
                .clients().get("c");
    }

    private static ClientConfig with(ClientConfig c, Duration connectionTimeout, Duration closeTimeout,
                                     ReconnectPolicy reconnect, Optional<PingConfig> ping) {
        return new ClientConfig(c.name(), c.uri(), c.connectionType(), c.protocols(), c.basicAuth(), c.headers(),
                connectionTimeout, closeTimeout, reconnect, c.tls(), c.proxy(), ping, c.tcpKeepAlive(),
                c.maxMessageSize(), CENTURIES, c.delivery(), c.sendBuffer());
    }

    @Test
    void aPingIntervalBelowAMillisecondPingsEveryMillisecond() {
        ClientConfig c = read();
        ClientConfig config = with(c, c.connectionTimeout(), c.closeTimeout(), c.reconnect(),
                Optional.of(new PingConfig(Duration.ofNanos(100_000), 3)));
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, config)) {
            connector.connection().open();
            connector.virtualScheduler().runDue();
            assertThat(connector.connection().state()).isEqualTo(OPEN);

            connector.virtualScheduler().advance(Duration.ofMillis(5));

            assertThat(connector.transport().lastLink().pingCalls()).isEqualTo(5);
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN);
        }
    }

    @Test
    void timeoutsOfCenturiesNeverFireAndCloseStillEnds() {
        ClientConfig config = with(read(), CENTURIES, CENTURIES, read().reconnect(), Optional.empty());
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, config)) {
            connector.transport().nextAttempts(Outcome.HANGS);
            connector.connection().open();
            connector.virtualScheduler().advance(Duration.ofDays(100 * 365));
            assertThat(connector.connection().state()).as("a timeout that wrapped would have fired").isEqualTo(
                    CONNECTING);

            connector.connection().close();
            connector.virtualScheduler().runDue();
            assertThat(connector.connection().state()).isEqualTo(CLOSED);
            connector.connector().close(); // waits at most the longest close-timeout: centuries, without overflow
        }
    }

    @Test
    void aBackoffOfCenturiesWaitsInsteadOfThrowing() {
        ReconnectPolicy centuries = new ReconnectPolicy(CENTURIES, CENTURIES, 2.0, 0.2, OptionalInt.empty(),
                Duration.ZERO);
        ClientConfig config = with(read(), read().connectionTimeout(), read().closeTimeout(), centuries,
                Optional.empty());
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, config)) {
            connector.transport().laterAttempts(Outcome.REFUSED);
            connector.connection().open();
            connector.virtualScheduler().advance(Duration.ofDays(100 * 365));

            assertThat(connector.events().states()).containsExactly(CONNECTING, RECONNECTING);
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
        }
    }
}
