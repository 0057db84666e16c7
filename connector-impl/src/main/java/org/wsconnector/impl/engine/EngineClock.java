package org.wsconnector.impl.engine;

import java.time.Instant;

/**
 * Every time the engine reads: monotonic nanoseconds for deadlines and ping verdicts, the wall clock only for the
 * instant an event carries. Injected so that tests drive the engine on virtual time and assert timing exactly.
 */
public interface EngineClock {
    /** The system's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    EngineClock SYSTEM = new EngineClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    /** Monotonic time with {@link System#nanoTime()}'s contract: only differences count. */
    long nanoTime();

    /** The wall-clock instant, for what is shown to people (an event's {@code at}). */
    Instant now();
}
