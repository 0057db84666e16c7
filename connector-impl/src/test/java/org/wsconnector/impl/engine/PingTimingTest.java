package org.wsconnector.impl.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.DeadPeerException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.engine.VirtualScheduler.EPOCH;

/**
 * Dead-peer detection through the whole engine on virtual time, exactly: the peer is declared dead, and the link
 * aborted, at the tick when the first unanswered ping has waited probes × interval; never one nanosecond earlier;
 * a pong starts the count again; pings a late scheduler fires in a burst had no chance to be answered and make no
 * verdict on their own.
 */
class PingTimingTest {
    private static final Duration ONE_NANO = Duration.ofNanos(1);

    /** One client pinging every {@code interval}, {@code probes} probes, reconnecting only after an hour. */
    private static ConnectorUnderTest pinging(String interval, int probes) {
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "feed", "uri", "ws://127.0.0.1:9/",
                "ping.interval", interval, "ping.probes", probes, "reconnect.interval", "1h",
                "reconnect.max-interval", "1h");
        connector.connection().open();
        connector.virtualScheduler().runDue();
        assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN);
        return connector;
    }

    /** Asserts that the dead-peer verdict comes exactly {@code after} from now, not a nanosecond before. */
    private static void assertDeadExactlyAfter(ConnectorUnderTest connector, Duration after, int probes) {
        VirtualScheduler time = connector.virtualScheduler();
        RecordingListener events = connector.events();
        ScriptedTransport.ScriptedLink link = connector.transport().lastLink();
        Duration verdictAt = time.elapsed().plus(after);

        time.advance(after.minus(ONE_NANO));
        events.assertNoMoreEvents();
        assertThat(link.aborted()).isFalse();
        time.advance(ONE_NANO);

        ConnectionStateChanged lost = events.next().event();
        assertThat(lost.current()).isEqualTo(RECONNECTING);
        assertThat(lost.at()).isEqualTo(EPOCH.plus(verdictAt));
        assertThat(lost.cause()).get().isInstanceOf(DeadPeerException.class);
        assertThat(lost.cause().get().getMessage()).contains("pings unanswered over "
                + org.wsconnector.impl.config.Durations.format(
                        connector.connection().config().ping().orElseThrow().interval().multipliedBy(probes)));
        assertThat(link.aborted()).as("no closing handshake with a dead peer").isTrue();
        assertThat(connector.pingTasks()).as("the dead link's ping task is gone").isZero();
        events.assertNoMoreEvents();
    }

    @ParameterizedTest(name = "ping.interval {0}, ping.probes {1}")
    @CsvSource({"20s, 3", "1s, 1", "5s, 5", "100ms, 2"})
    void aPeerThatFallsSilentIsDeclaredDeadExactlyProbesTimesIntervalAfterTheFirstUnansweredPing(String interval,
                                                                                                 int probes) {
        try (ConnectorUnderTest connector = pinging(interval, probes)) {
            Duration every = connector.connection().config().ping().orElseThrow().interval();
            VirtualScheduler time = connector.virtualScheduler();
            time.advance(every.multipliedBy(2)); // two pings answered: the peer is alive
            assertThat(connector.connection().lastPingRoundTrip()).contains(Duration.ZERO);

            connector.transport().answeringPings(false);
            time.advance(every); // the first unanswered ping leaves now

            assertDeadExactlyAfter(connector, every.multipliedBy(probes), probes);
            assertThat(connector.transport().lastLink().pingCalls()).isEqualTo(2 + probes);
        }
    }

    @ParameterizedTest(name = "ping.interval {0}, ping.probes {1}")
    @CsvSource({"20s, 3", "5s, 5"})
    void aPongStartsTheCountAgain(String interval, int probes) {
        try (ConnectorUnderTest connector = pinging(interval, probes)) {
            Duration every = connector.connection().config().ping().orElseThrow().interval();
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().answeringPings(false);
            time.advance(every.multipliedBy(probes - 1L)); // one unanswered ping short of a verdict
            connector.transport().answeringPings(true);
            time.advance(every); // this one is answered: the count starts again
            connector.transport().answeringPings(false);
            time.advance(every); // the first unanswered ping of a new count

            // Without the reset the verdict would come one interval from now.
            assertDeadExactlyAfter(connector, every.multipliedBy(probes), probes);
        }
    }

    /**
     * The scheduler stalls five minutes (a blocked thread, a suspended VM) and then fires the 15 missed ticks at
     * once, before any pong can be read: the peer is alive and must not be declared dead. If it really died, the
     * verdict comes probes × interval after the burst, when the pings had their chance.
     */
    @ParameterizedTest(name = "peer answering: {0}")
    @CsvSource({"true", "false"})
    void pingsALateSchedulerFiresInABurstMakeNoVerdictOnTheirOwn(boolean answering) {
        try (ConnectorUnderTest connector = pinging("20s", 3)) {
            VirtualScheduler time = connector.virtualScheduler();
            time.advance(Duration.ofSeconds(20));
            ScriptedTransport.ScriptedLink link = connector.transport().lastLink();
            assertThat(link.pingCalls()).isEqualTo(1);

            connector.transport().answeringPings(answering);
            time.stall(Duration.ofMinutes(5));
            time.runDue();
            assertThat(link.pingCalls()).as("the burst").isEqualTo(16);
            connector.events().assertNoMoreEvents();

            if (answering) {
                time.advance(Duration.ofHours(1));
                connector.events().assertNoMoreEvents();
            } else {
                assertDeadExactlyAfter(connector, Duration.ofSeconds(60), 3);
            }
        }
    }
}
