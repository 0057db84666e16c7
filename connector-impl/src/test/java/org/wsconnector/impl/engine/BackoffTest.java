package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.ReconnectPolicy;

import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2,
            OptionalInt.empty(), Duration.ZERO);

    @Test
    void delaysGrowExponentiallyUpToTheCap() {
        Backoff noJitter = new Backoff(new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.0,
                OptionalInt.empty(), Duration.ZERO), () -> 0.9);

        assertThat(noJitter.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(noJitter.delay(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(noJitter.delay(5)).isEqualTo(Duration.ofMillis(8000));
        assertThat(noJitter.delay(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(noJitter.delay(60)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterSpreadsEachDelayWithinPlusMinusItsFraction() {
        Backoff lowest = new Backoff(policy, () -> 0.0);
        Backoff highest = new Backoff(policy, () -> 1.0);

        assertThat(lowest.delay(3)).isEqualTo(Duration.ofMillis(1600));
        assertThat(highest.delay(3)).isEqualTo(Duration.ofMillis(2400));
        assertThat(highest.delay(20)).isEqualTo(Duration.ofSeconds(36));
    }

    @Test
    void aMultiplierOfOneIsAsterisksFixedInterval() {
        Backoff fixed = new Backoff(new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), 1.0, 0.0,
                OptionalInt.of(4), Duration.ZERO), () -> 0.5);

        assertThat(fixed.delay(1)).isEqualTo(fixed.delay(4)).isEqualTo(Duration.ofSeconds(2));
    }
}
