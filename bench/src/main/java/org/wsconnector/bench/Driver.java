package org.wsconnector.bench;

import java.util.function.Consumer;

/** One WebSocket client implementation under test, reduced to what the benchmark needs. */
interface Driver extends AutoCloseable {

    /** Opens one connection and returns once it is open; every text it receives goes to {@code onText}. */
    Connection open(Consumer<String> onText) throws Exception;

    /** Releases the client (its threads, pools); connections are closed before. */
    @Override
    void close() throws Exception;

    interface Connection {
        /** Sends without waiting for the echo; may wait for a previous send when the API demands it (JDK). */
        void send(String text) throws Exception;

        /** Sends failed asynchronously so far. */
        long failedSends();

        /** Closes, bounded; errors are ignored. */
        void close();
    }

    /** A connection that counts its failed asynchronous sends: every driver needs the same bookkeeping. */
    abstract class CountingConnection implements Connection {
        private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();

        /** Call from a send's completion: counts it when it failed. */
        protected void completed(boolean ok) {
            if (!ok) {
                failed.incrementAndGet();
            }
        }

        @Override
        public long failedSends() {
            return failed.get();
        }
    }
}
