package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * The OPEN event says whether it is a reconnect — the server lost what the application set up (ARI subscriptions)
 * — only when the same cycle was open before: not for a first open that needed retries, and not for the first open
 * after the application closed and opened again.
 */
class ReconnectFlagTest {
    private static final Duration LATER = Duration.ofHours(1);

    @Test
    void onlyAnOpenAfterALostConnectionOfTheSameCycleIsAReconnect() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", "ws://127.0.0.1:9/")) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED);
            connector.connection().open();
            time.advance(LATER); // two refusals, then the first open of the cycle

            connector.transport().lastLink().peerCloses(1001, "going away");
            time.advance(LATER);
            connector.transport().lastLink().peerCloses(1001, "going away");
            time.advance(LATER);

            assertThat(events.states()).containsExactly(CONNECTING, RECONNECTING, RECONNECTING, OPEN,
                    RECONNECTING, OPEN, RECONNECTING, OPEN);
            assertThat(events.eventsInto(OPEN)).extracting(ConnectionStateChanged::reconnect)
                    .containsExactly(false, true, true);
            assertThat(events.eventsInto(OPEN).get(0).previous()).as("retried, yet no reconnect")
                    .isEqualTo(RECONNECTING);
            assertThat(events.events()).filteredOn(change -> change.current() != OPEN)
                    .allSatisfy(change -> assertThat(change.reconnect()).isFalse());
            assertThat(events.eventsInto(OPEN).get(1).toString())
                    .isEqualTo("[ari] RECONNECTING -> OPEN (attempt 1, reconnect)");
        }
    }

    @Test
    void theFirstOpenAfterAnApplicationCloseIsNotAReconnect() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", "ws://127.0.0.1:9/")) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.connection().open();
            time.runDue();
            connector.transport().lastLink().peerCloses(1001, "going away");
            time.advance(LATER);
            connector.connection().close();
            time.runDue();

            connector.connection().open();
            time.advance(LATER);

            assertThat(events.states()).containsExactly(CONNECTING, OPEN, RECONNECTING, OPEN, CLOSING, CLOSED,
                    CONNECTING, OPEN);
            assertThat(events.eventsInto(OPEN)).extracting(ConnectionStateChanged::reconnect)
                    .containsExactly(false, true, false);
        }
    }
}
