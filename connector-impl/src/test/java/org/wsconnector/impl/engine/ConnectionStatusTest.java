package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.engine.VirtualScheduler.EPOCH;

/**
 * {@code status()} on virtual time: the state and since when (an outage dates from its first failure, not the last
 * retry), the reconnects scheduled, the last failure with its class and time (kept after a recovery), the last ping
 * round trip — and the URI and proxy without their secrets.
 */
class ConnectionStatusTest {

    private static ConnectorUnderTest connector() {
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari",
                "uri", "ws://127.0.0.1:9/ari?app=calls&api_key=s3cr3t-key", "proxy.host", "proxy.corp:3128",
                "proxy.username", "svc", "proxy.password", "pr0xy-pass", "reconnect.interval", "1s",
                "reconnect.multiplier", 2, "ping.interval", "10s");
        connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED, Outcome.OPEN);
        return connector;
    }

    @Test
    void beforeTheFirstOpenItIsClosedSinceCreationWithoutFailuresAndWithoutSecrets() {
        try (ConnectorUnderTest connector = connector()) {
            ConnectionStatus status = connector.connection().status();

            assertThat(status.client()).isEqualTo("ari");
            assertThat(status.state()).isEqualTo(CLOSED);
            assertThat(status.since()).isEqualTo(EPOCH);
            assertThat(status.uri()).isEqualTo("ws://127.0.0.1:9/ari?app=calls&api_key=****");
            assertThat(status.proxy()).contains("proxy.corp:3128");
            assertThat(status.reconnects()).isZero();
            assertThat(status.lastFailure()).isEmpty();
            assertThat(status.lastPingRoundTrip()).isEmpty();
            assertThat(status.toString()).doesNotContain("s3cr3t", "pr0xy", "svc");
        }
    }

    @Test
    void anOutageDatesFromItsFirstFailureAndTheLastFailureOutlivesTheRecovery() {
        try (ConnectorUnderTest connector = connector()) {
            VirtualScheduler time = connector.virtualScheduler();
            time.advance(Duration.ofSeconds(5));
            connector.connection().open();
            time.runDue();

            ConnectionStatus refused = connector.connection().status();
            assertThat(refused.state()).isEqualTo(RECONNECTING);
            assertThat(refused.since()).isEqualTo(EPOCH.plusSeconds(5));
            assertThat(refused.reconnects()).isEqualTo(1);
            assertThat(refused.lastFailure()).hasValueSatisfying(failure -> {
                assertThat(failure.type()).isEqualTo(ConnectFailedException.class.getName());
                assertThat(failure.at()).isEqualTo(EPOCH.plusSeconds(5));
                assertThat(failure.message()).isNotBlank().doesNotContain("[ari]");
            });

            time.advance(Duration.ofSeconds(1)); // the second attempt is refused too
            ConnectionStatus stillDown = connector.connection().status();
            assertThat(stillDown.since()).as("the outage began with the first failure").isEqualTo(EPOCH.plusSeconds(5));
            assertThat(stillDown.reconnects()).isEqualTo(2);
            assertThat(stillDown.lastFailure()).get().extracting(ConnectionStatus.Failure::at)
                    .isEqualTo(EPOCH.plusSeconds(6));

            time.advance(Duration.ofSeconds(2)); // the third opens
            ConnectionStatus open = connector.connection().status();
            assertThat(open.state()).isEqualTo(OPEN);
            assertThat(open.since()).isEqualTo(EPOCH.plusSeconds(8));
            assertThat(open.reconnects()).isEqualTo(2);
            assertThat(open.lastFailure()).get().extracting(ConnectionStatus.Failure::at)
                    .isEqualTo(EPOCH.plusSeconds(6));
            assertThat(open.lastPingRoundTrip()).isEmpty();

            time.advance(Duration.ofSeconds(10)); // the first ping, answered at once on virtual time
            assertThat(connector.connection().status().lastPingRoundTrip()).contains(Duration.ZERO);
        }
    }

    @Test
    void aLostConnectionIsTheLastFailureAndCountsAsAReconnect() {
        try (ConnectorUnderTest connector = connector()) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.connection().open();
            time.advance(Duration.ofSeconds(3));
            assertThat(connector.connection().state()).isEqualTo(OPEN);

            time.advance(Duration.ofSeconds(60));
            connector.transport().lastLink().peerCloses(1011, "restart");
            time.runDue();

            ConnectionStatus lost = connector.connection().status();
            assertThat(lost.state()).isEqualTo(RECONNECTING);
            assertThat(lost.since()).isEqualTo(EPOCH.plusSeconds(63));
            assertThat(lost.reconnects()).isEqualTo(3);
            assertThat(lost.lastPingRoundTrip()).as("no ping on a connection that is gone").isEmpty();
            assertThat(lost.lastFailure()).hasValueSatisfying(failure -> {
                assertThat(failure.type()).isEqualTo(ConnectionLostException.class.getName());
                assertThat(failure.message()).contains("1011", "restart");
                assertThat(failure.at()).isEqualTo(EPOCH.plusSeconds(63));
            });
        }
    }
}
