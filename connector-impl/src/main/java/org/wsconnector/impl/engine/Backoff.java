package org.wsconnector.impl.engine;

import org.wsconnector.config.ReconnectPolicy;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** The delay before each retry: the policy's exponential base delay spread by its jitter. */
final class Backoff {
    private final ReconnectPolicy policy;
    private final DoubleSupplier random;

    Backoff(ReconnectPolicy policy, DoubleSupplier random) {
        this.policy = policy;
        this.random = random;
    }

    /** Delay before retry number {@code retry} (1-based). Uniform in base×(1±jitter). */
    Duration delay(int retry) {
        long base = policy.baseDelay(retry).toMillis();
        double spread = policy.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base * (1 + spread))));
    }
}
