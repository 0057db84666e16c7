package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.FAILED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.engine.VirtualScheduler.EPOCH;

/**
 * connection-timeout and close-timeout on virtual time, exactly: an attempt that hangs fails at the very nanosecond
 * its connection-timeout ends, counted from its own start; a close the peer never answers is aborted at the very
 * nanosecond close-timeout ends, and one it answers completes at once.
 */
class TimeoutTimingTest {
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    @ParameterizedTest(name = "connection-timeout {0}")
    @CsvSource({"100ms, 100", "10s, 10000", "2m, 120000"})
    void aHangingAttemptFailsExactlyWhenConnectionTimeoutEnds(String timeout, long millis) {
        Duration limit = Duration.ofMillis(millis);
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "slow", "uri", "ws://127.0.0.1:9/",
                "connection-timeout", timeout, "reconnect.attempts", 1)) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().laterAttempts(Outcome.HANGS);
            connector.connection().open();

            time.advance(limit.minus(ONE_NANO));
            assertThat(events.next().event().current()).isEqualTo(CONNECTING);
            events.assertNoMoreEvents();
            time.advance(ONE_NANO);

            ConnectionStateChanged failed = events.next().event();
            assertThat(failed.current()).isEqualTo(FAILED);
            assertThat(failed.at()).isEqualTo(EPOCH.plus(limit));
            assertThat(failed.cause()).get().isInstanceOf(ConnectTimeoutException.class);
            assertThat(failed.cause().get().getMessage()).contains("[slow]")
                    .contains(timeout + " (connection-timeout)");
            events.assertNoMoreEvents();
        }
    }

    @Test
    void eachAttemptHasItsOwnConnectionTimeoutCountedFromItsStart() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "slow", "uri", "ws://127.0.0.1:9/",
                "connection-timeout", "10s", "reconnect.attempts", 2, "reconnect.interval", "1s",
                "reconnect.jitter", 0)) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().laterAttempts(Outcome.HANGS);
            connector.connection().open();
            time.advance(Duration.ofMinutes(1));

            assertThat(events.states()).containsExactly(CONNECTING, RECONNECTING, FAILED);
            assertThat(events.eventsInto(RECONNECTING).get(0).at()).isEqualTo(EPOCH.plusSeconds(10));
            assertThat(events.eventsInto(FAILED).get(0).at()).as("retry at 11 s, plus its own 10 s")
                    .isEqualTo(EPOCH.plusSeconds(21));
            events.assertNoMoreEvents();
        }
    }

    @Test
    void aCloseThePeerNeverAnswersIsAbortedExactlyWhenCloseTimeoutEnds() throws Exception {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "stubborn", "uri",
                "ws://127.0.0.1:9/", "close-timeout", "7s")) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().answeringClose(false);
            connector.connection().open();
            time.advance(Duration.ofSeconds(5));
            assertThat(events.states()).containsExactly(CONNECTING, OPEN);
            ScriptedTransport.ScriptedLink link = connector.transport().lastLink();

            CompletableFuture<Void> closing = connector.connection().close().toCompletableFuture();
            time.advance(Duration.ofSeconds(7).minus(ONE_NANO));
            assertThat(link.closeCodeSent()).as("close frame sent").isEqualTo(1000);
            assertThat(events.next().event().current()).isEqualTo(CLOSING);
            assertThat(closing).isNotDone();
            assertThat(link.aborted()).as("aborted before close-timeout").isFalse();

            time.advance(ONE_NANO);
            assertThat(closing).isCompleted();
            assertThat(link.aborted()).isTrue();
            ConnectionStateChanged closed = events.next().event();
            assertThat(closed.current()).isEqualTo(CLOSED);
            assertThat(closed.at()).isEqualTo(EPOCH.plusSeconds(5 + 7));
            events.assertNoMoreEvents();
        }
    }

    @Test
    void aCloseThePeerAnswersCompletesAtOnceWithoutAbort() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "polite", "uri",
                "ws://127.0.0.1:9/", "close-timeout", "7s")) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.connection().open();
            time.runDue();

            CompletableFuture<Void> closing = connector.connection().close().toCompletableFuture();
            time.runDue();

            assertThat(closing).isCompleted();
            assertThat(connector.transport().lastLink().aborted()).isFalse();
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED);
            assertThat(connector.events().eventsInto(CLOSED).get(0).at()).isEqualTo(EPOCH);
            assertThat(time.queued()).as("the close timer is cancelled").isZero();
            connector.events().assertNoMoreEvents();
        }
    }
}
