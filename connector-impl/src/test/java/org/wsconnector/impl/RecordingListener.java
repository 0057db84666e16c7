package org.wsconnector.impl;

import org.wsconnector.BinaryMessage;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.WebSocketListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records everything one connection delivers, in delivery order, each state event with the moment it arrived (on
 * the harness's clock: real or virtual); waits are bounded. Thread safe.
 *
 * <p>What a test has waited for or read is accounted for; {@link #assertNoMoreEvents()} then fails on anything
 * that arrived beyond it, so a test states every event it expects, not only some of them.
 */
public final class RecordingListener implements WebSocketListener {
    public static final Duration WAIT = Duration.ofSeconds(10);

    /** One state event and when (the clock's nanoseconds) the listener received it. */
    public record Recorded(ConnectionStateChanged event, long nanos) {
        public boolean is(ConnectionState from, ConnectionState to) {
            return event.previous() == from && event.current() == to;
        }
    }

    private final LongSupplier clock;
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaries = new CopyOnWriteArrayList<>();
    // Guarded by this: how many of each the test has accounted for.
    private int eventsSeen;
    private int textsSeen;
    private int binariesSeen;

    /** @param clock stamps each state event (System::nanoTime, or the virtual scheduler's clock) */
    public RecordingListener(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void onStateChanged(ConnectionStateChanged change) {
        recorded.add(new Recorded(change, clock.getAsLong()));
    }

    @Override
    public void onText(TextMessage message) {
        texts.add(message.text());
    }

    @Override
    public void onBinary(BinaryMessage message) {
        binaries.add(message.bytes());
    }

    /** Every state event so far, all accounted for. */
    public synchronized List<ConnectionStateChanged> events() {
        List<Recorded> all = List.copyOf(recorded);
        eventsSeen = all.size();
        return all.stream().map(Recorded::event).toList();
    }

    /** Every state event so far with its arrival time, all accounted for. */
    public synchronized List<Recorded> recorded() {
        List<Recorded> all = List.copyOf(recorded);
        eventsSeen = all.size();
        return all;
    }

    /** The state each event entered, all accounted for. */
    public List<ConnectionState> states() {
        return events().stream().map(ConnectionStateChanged::current).toList();
    }

    /** The events into {@code state}; accounts for nothing (the others may still be unexpected). */
    public List<ConnectionStateChanged> eventsInto(ConnectionState state) {
        return recorded.stream().map(Recorded::event).filter(event -> event.current() == state).toList();
    }

    /** The failures the events carried, in order; accounts for nothing. */
    public List<Recorded> failures() {
        return recorded.stream().filter(r -> r.event().cause().isPresent()).toList();
    }

    public synchronized List<String> texts() {
        List<String> all = List.copyOf(texts);
        textsSeen = all.size();
        return all;
    }

    public synchronized List<byte[]> binaries() {
        List<byte[]> all = List.copyOf(binaries);
        binariesSeen = all.size();
        return all;
    }

    /**
     * The next state event not yet accounted for, which it now is; fails when there is none. On virtual time the
     * events are all there once the scheduler has run, so tests read them one by one.
     */
    public synchronized Recorded next() {
        assertThat(recorded.size()).as("an event after the %d accounted for: %s", eventsSeen, recorded)
                .isGreaterThan(eventsSeen);
        return recorded.get(eventsSeen++);
    }

    /** Waits until the connection has entered {@code state} at least {@code times} times; returns the last entry. */
    public ConnectionStateChanged awaitEntered(ConnectionState state, int times) {
        Recorded[] found = new Recorded[1];
        await("state " + state + " entered " + times + " time(s); events " + recorded).atMost(WAIT)
                .until(() -> (found[0] = nth(0, r -> r.event().current() == state, times)) != null);
        return found[0].event();
    }

    public ConnectionStateChanged awaitEntered(ConnectionState state) {
        return awaitEntered(state, 1);
    }

    /** Waits for the first event at or after {@code afterNanos} that matches; accounts for it and all before. */
    public Recorded awaitFirst(long afterNanos, Predicate<Recorded> condition, String description) {
        Recorded[] found = new Recorded[1];
        await().alias(description + "; events " + recorded).atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> (found[0] = nth(afterNanos, condition, 1)) != null);
        return found[0];
    }

    /** The {@code n}th match at or after {@code afterNanos}, accounting for it and all before; null when none. */
    private synchronized Recorded nth(long afterNanos, Predicate<Recorded> condition, int n) {
        int matches = 0;
        for (int i = 0; i < recorded.size(); i++) {
            Recorded r = recorded.get(i);
            if (r.nanos() - afterNanos >= 0 && condition.test(r) && ++matches == n) {
                eventsSeen = Math.max(eventsSeen, i + 1);
                return r;
            }
        }
        return null;
    }

    /** Waits until the {@code count} texts arrived; accounts for them. */
    public void awaitTexts(int count) {
        awaitTexts(count, WAIT);
    }

    /** As {@link #awaitTexts(int)}, for many messages: waits at most {@code atMost}. */
    public void awaitTexts(int count, Duration atMost) {
        awaitCount(texts, count, "text messages", atMost);
        synchronized (this) {
            textsSeen = Math.max(textsSeen, count);
        }
    }

    public void awaitBinaries(int count) {
        awaitBinaries(count, WAIT);
    }

    /** Waits until the {@code count} binary messages arrived, at most {@code atMost}; accounts for them. */
    public void awaitBinaries(int count, Duration atMost) {
        awaitCount(binaries, count, "binary messages", atMost);
        synchronized (this) {
            binariesSeen = Math.max(binariesSeen, count);
        }
    }

    private static void awaitCount(List<?> received, int count, String what, Duration atMost) {
        await(count + " " + what).atMost(atMost).until(() -> received.size() >= count);
    }

    /** Fails when anything arrived beyond what the test waited for or read. */
    public synchronized void assertNoMoreEvents() {
        List<Recorded> events = List.copyOf(recorded);
        assertThat(events.subList(eventsSeen, events.size())).as("state events beyond the expected").isEmpty();
        List<String> received = List.copyOf(texts);
        assertThat(received.subList(textsSeen, received.size())).as("texts beyond the expected").isEmpty();
        assertThat(binaries.size()).as("binary messages beyond the %d expected", binariesSeen)
                .isEqualTo(binariesSeen);
    }

    /** The failures the events carried, in order, without their events; accounts for nothing. */
    public List<WebSocketConnectorException> causes() {
        return failures().stream().map(r -> r.event().cause().orElseThrow()).toList();
    }

    @Override
    public String toString() {
        return recorded.toString();
    }
}
