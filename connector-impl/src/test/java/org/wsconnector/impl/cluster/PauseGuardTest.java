package org.wsconnector.impl.cluster;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.cluster.PauseGuard.Change;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The pause guard on virtual time: the clock moves only when the test moves it. */
class PauseGuardTest {
    private static final Duration THRESHOLD = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofSeconds(12);
    private static final Duration TICK = Duration.ofMillis(200);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PauseGuard guard = new PauseGuard(now::get, THRESHOLD, SETTLE);

    @Test
    void regularTicksAreNoPauseAndTheFirstTickMeasuresNothing() {
        advance(Duration.ofMinutes(5)); // the guard made long before its thread started
        for (int tick = 0; tick < 600; tick++) {
            assertThat(guard.tick("v1")).isEqualTo(Change.NONE);
            advance(TICK);
        }
        assertThat(guard.unsure()).isFalse();
    }

    @Test
    void aGapOfTheThresholdIsNoPauseAndOneLongerIs() {
        guard.tick("v1");
        advance(THRESHOLD);
        assertThat(guard.tick("v1")).isEqualTo(Change.NONE);
        advance(THRESHOLD.plusNanos(1));
        assertThat(guard.tick("v1")).isEqualTo(Change.PAUSED);
        assertThat(guard.unsure()).isTrue();
    }

    @Test
    void afterAPauseTheSameViewForTheSettlePeriodMakesItSureAgainOnce() {
        pauseInV1();
        assertThat(guard.viewInstalled("v1")).as("the view it was paused in proves nothing").isFalse();
        staysUnsureUntilTheSettlePeriodEnds();
        advance(TICK);
        assertThat(guard.tick("v1")).as("sure again once, no flapping").isEqualTo(Change.NONE);
    }

    @Test
    void aNewViewAfterAPauseMakesItSureAtOnce() {
        pauseInV1();
        advance(Duration.ofSeconds(1));

        assertThat(guard.viewInstalled("v2 merged")).isTrue();
        assertThat(guard.unsure()).isFalse();
        assertThat(guard.viewInstalled("v3")).as("only an unsureness ends").isFalse();
        for (int tick = 0; tick < 100; tick++) {
            advance(TICK);
            assertThat(guard.tick("v3")).isEqualTo(Change.NONE);
        }
    }

    @Test
    void aFurtherPauseWhileUnsureStartsTheSettlePeriodAgain() {
        pauseInV1();
        advance(SETTLE.minusSeconds(1));
        assertThat(guard.tick("v1")).as("a second pause: still unsure, no second change").isEqualTo(Change.NONE);
        staysUnsureUntilTheSettlePeriodEnds();
    }

    @Test
    void noViewInstalledMakesASureMemberUnsure() {
        guard.tick("v1");
        assertThat(guard.viewInstalled("v2")).isFalse();
        assertThat(guard.unsure()).isFalse();
    }

    /** A tick, a pause of 6 s in view v1, the tick that measures it. */
    private void pauseInV1() {
        guard.tick("v1");
        advance(Duration.ofSeconds(6));
        assertThat(guard.tick("v1")).isEqualTo(Change.PAUSED);
    }

    /** Ticks regularly from a pause just measured: unsure until the settle period has passed, then sure. */
    private void staysUnsureUntilTheSettlePeriodEnds() {
        Duration waited = Duration.ZERO;
        while (waited.plus(TICK).compareTo(SETTLE) < 0) {
            advance(TICK);
            waited = waited.plus(TICK);
            assertThat(guard.tick("v1")).as("after %s", waited).isEqualTo(Change.NONE);
            assertThat(guard.unsure()).isTrue();
        }
        advance(TICK);
        assertThat(guard.tick("v1")).isEqualTo(Change.SETTLED);
        assertThat(guard.unsure()).isFalse();
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
