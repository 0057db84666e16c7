package org.wsconnector.impl;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Seed and size of a fuzz run: each test's defaults, overridden by {@code -Dfuzz.seed}, {@code -Dfuzz.iterations}
 * (a longer run) or {@code -Dfuzz.iteration} (replay one case). Every iteration draws from its own generator derived
 * from seed and iteration number, so one failing case replays alone, exactly as it ran in the whole run.
 */
public record FuzzSettings(long seed, int iterations, int onlyIteration) {
    private static final int ALL = -1;

    /** The defaults, unless the system properties say otherwise. */
    public static FuzzSettings read(long defaultSeed, int defaultIterations) {
        return new FuzzSettings(Long.getLong("fuzz.seed", defaultSeed),
                Integer.getInteger("fuzz.iterations", defaultIterations), Integer.getInteger("fuzz.iteration", ALL));
    }

    /** The iterations to run: all of them, or the one to replay. */
    public IntStream run() {
        return onlyIteration == ALL ? IntStream.range(0, iterations) : IntStream.of(onlyIteration);
    }

    /** The random source of one iteration; independent of every other iteration. */
    public SplittableRandom random(int iteration) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + iteration);
    }

    /** For an assertion message: which case failed and how to run it alone. */
    public String replay(int iteration) {
        return "seed " + seed + ", iteration " + iteration + " (replay: -Dfuzz.seed=" + seed + " -Dfuzz.iteration="
                + iteration + ")";
    }
}
