package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.RecordingListener.Recorded;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * The reconnect backoff on virtual time, exactly: each retry starts at the very nanosecond its announced delay
 * ends (not one earlier), the delays follow interval × multiplier^n spread by the jitter the random source gives,
 * capped at max-interval, and a connection that opened starts the sequence again.
 */
class ReconnectTimingTest {
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    private static ConnectorUnderTest refusedFor(double random) {
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(random, "ari", "uri", "ws://127.0.0.1:9/ari",
                "reconnect.interval", "1s", "reconnect.multiplier", 2, "reconnect.jitter", 0.2,
                "reconnect.max-interval", "5s");
        connector.transport().laterAttempts(Outcome.REFUSED);
        return connector;
    }

    /** random r spreads each delay by jitter × (2r − 1): 0 is −20 %, 0.5 none, 0.75 +10 %, 1 +20 %. */
    @ParameterizedTest(name = "random {0}: delays {1} ms")
    @CsvSource({
            "0.0,  800 1600 3200 4000 4000",
            "0.5,  1000 2000 4000 5000 5000",
            "0.75, 1100 2200 4400 5500 5500",
            "1.0,  1200 2400 4800 6000 6000"})
    void eachRetryStartsExactlyWhenItsJitteredCappedDelayEnds(double random, String delays) {
        long[] expected = Arrays.stream(delays.trim().split(" +")).mapToLong(Long::parseLong).toArray();
        try (ConnectorUnderTest connector = refusedFor(random)) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.connection().open();
            time.runDue();
            assertThat(events.next().event().current()).isEqualTo(CONNECTING);

            Duration at = Duration.ZERO;
            for (int retry = 1; retry <= expected.length; retry++) {
                Recorded scheduled = events.next();
                assertThat(scheduled.event().current()).isEqualTo(RECONNECTING);
                assertThat(scheduled.event().cause()).get().isInstanceOf(ConnectFailedException.class);
                assertThat(scheduled.event().at()).isEqualTo(VirtualScheduler.EPOCH.plus(at));
                Duration delay = Duration.ofMillis(expected[retry - 1]);
                assertThat(scheduled.event().nextRetry()).as("announced delay of retry %d", retry).contains(delay);

                assertNextAttemptExactlyAfter(connector, delay);
                at = at.plus(delay);
            }
            events.next(); // the refusal of the last attempt, scheduling the next retry
            events.assertNoMoreEvents();
        }
    }

    /** A client opened (its first attempt run) against a server that accepts every attempt. */
    private static ConnectorUnderTest openedOnAServerThatAccepts() {
        ConnectorUnderTest connector = refusedFor(0.5);
        connector.transport().laterAttempts(Outcome.OPEN);
        connector.connection().open();
        connector.virtualScheduler().runDue();
        return connector;
    }

    /** No attempt 1 ns before {@code delay} from now; the next one exactly then. */
    private static void assertNextAttemptExactlyAfter(ConnectorUnderTest connector, Duration delay) {
        int before = connector.transport().attemptsMade();
        connector.virtualScheduler().advance(delay.minus(ONE_NANO));
        assertThat(connector.transport().attemptsMade()).as("attempts 1 ns before %s", delay).isEqualTo(before);
        connector.virtualScheduler().advance(ONE_NANO);
        assertThat(connector.transport().attemptsMade()).as("attempts when %s is over", delay).isEqualTo(before + 1);
    }

    @Test
    void aConnectionThatOpenedStartsTheBackoffAgainFromTheFirstDelay() {
        try (ConnectorUnderTest connector = refusedFor(0.5)) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.OPEN);
            connector.connection().open();
            time.advance(Duration.ofMillis(1000 + 2000 + 4000)); // three refusals, the fourth attempt opens
            assertThat(events.states()).containsExactly(CONNECTING, RECONNECTING, RECONNECTING, RECONNECTING, OPEN);
            assertThat(events.eventsInto(OPEN)).singleElement()
                    .satisfies(open -> assertThat(open.at()).isEqualTo(VirtualScheduler.EPOCH.plusSeconds(7)));

            time.advance(Duration.ofMinutes(1));
            connector.transport().lastLink().peerCloses(1011, "restart");
            time.runDue();

            Recorded lost = events.next();
            assertThat(lost.event().cause()).get().isExactlyInstanceOf(ConnectionLostException.class);
            assertThat(lost.event().nextRetry()).as("the first delay again, not the fifth").contains(
                    Duration.ofSeconds(1));
            time.advance(Duration.ofSeconds(1));
            assertThat(connector.transport().attemptsMade()).isEqualTo(5);
            assertThat(events.next().event().nextRetry()).as("then the second").contains(Duration.ofSeconds(2));
            events.assertNoMoreEvents();
        }
    }

    /**
     * A server that accepts the upgrade and drops the connection at once (a 1008 policy close, a gateway shedding
     * load) is contacted at the backoff's pace, capped by max-interval — it used to be every first delay for ever,
     * because each open reset the backoff.
     */
    @Test
    void aServerThatAcceptsAndDropsAtOnceIsContactedAtTheBackoffsPaceNotInAStorm() {
        try (ConnectorUnderTest connector = openedOnAServerThatAccepts()) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            assertThat(events.next().event().current()).isEqualTo(CONNECTING);

            for (long delay : new long[]{1000, 2000, 4000, 5000, 5000}) {
                assertThat(events.next().event().current()).isEqualTo(OPEN);
                int attempts = connector.transport().attemptsMade();
                connector.transport().lastLink().peerCloses(1008, "policy violation");
                time.runDue();
                Recorded lost = events.next();
                assertThat(lost.event().cause()).get().isExactlyInstanceOf(ConnectionLostException.class);
                assertThat(lost.event().nextRetry()).as("delay after drop %d", attempts).contains(
                        Duration.ofMillis(delay));
                assertNextAttemptExactlyAfter(connector, Duration.ofMillis(delay));
            }
            assertThat(events.next().event().current()).isEqualTo(OPEN);
            events.assertNoMoreEvents();
        }
    }

    /** reconnect.stable-after (30s by default) is the line: a loss 1 ns sooner keeps the backoff going. */
    @ParameterizedTest(name = "open for 30s {0} ns: next delay {1} ms")
    @CsvSource({"-1, 2000", "0, 1000"})
    void aConnectionOpenForStableAfterStartsTheBackoffAgain(long nanosAround30s, long nextDelay) {
        try (ConnectorUnderTest connector = openedOnAServerThatAccepts()) {
            VirtualScheduler time = connector.virtualScheduler();
            RecordingListener events = connector.events();
            connector.transport().lastLink().peerCloses(1008, "policy violation");
            time.runDue();
            time.advance(Duration.ofSeconds(1)); // the first delay; open again

            time.advance(Duration.ofSeconds(30).plusNanos(nanosAround30s));
            connector.transport().lastLink().peerCloses(1001, "going away");
            time.runDue();

            assertThat(events.states()).containsExactly(CONNECTING, OPEN, RECONNECTING, OPEN, RECONNECTING);
            assertThat(events.eventsInto(RECONNECTING).get(1).nextRetry()).contains(Duration.ofMillis(nextDelay));
        }
    }

    @Test
    void anApplicationCloseWhileWaitingToRetryCancelsTheRetry() {
        try (ConnectorUnderTest connector = refusedFor(0.5)) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.connection().open();
            time.runDue();

            connector.connection().close();
            time.advance(Duration.ofHours(1));

            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
            assertThat(connector.events().states()).containsExactly(CONNECTING, RECONNECTING, CLOSED);
            assertThat(time.queued()).as("no timer left").isZero();
            connector.events().assertNoMoreEvents();
        }
    }
}
