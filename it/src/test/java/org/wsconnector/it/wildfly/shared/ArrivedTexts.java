package org.wsconnector.it.wildfly.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Texts an observer received, in arrival order, with a bounded wait for one of them (on a monitor the observer
 * signals, not in a sleep loop). Goes into the test WARs; thread safe.
 */
public final class ArrivedTexts {
    private final List<String> texts = new ArrayList<>();

    public synchronized void add(String text) {
        texts.add(text);
        notifyAll();
    }

    /** Waits until {@code text} has arrived, at most {@code timeout}; false if it did not. */
    public synchronized boolean await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!texts.contains(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public synchronized List<String> list() {
        return List.copyOf(texts);
    }
}
