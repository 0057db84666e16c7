package org.wsconnector.impl;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** Stopping an executor the connector created (never one it was handed): its threads must not outlive the application. */
public final class OwnedExecutors {
    private static final Logger LOG = Logger.getLogger(OwnedExecutors.class.getName());

    private OwnedExecutors() {
    }

    /** Interrupts what still runs and waits at most 5 s; {@code what} names the threads in the warning. */
    public static void stop(ExecutorService owned, String what) {
        owned.shutdownNow();
        try {
            if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning(what + " did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
