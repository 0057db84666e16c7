package org.wsconnector.impl;

import org.wsconnector.BinaryMessage;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** Records everything one connection delivers, in delivery order; waits are bounded. Thread safe. */
final class RecordingListener implements WebSocketListener {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final List<ConnectionStateChanged> events = new CopyOnWriteArrayList<>();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaries = new CopyOnWriteArrayList<>();

    @Override
    public void onStateChanged(ConnectionStateChanged change) {
        events.add(change);
    }

    @Override
    public void onText(TextMessage message) {
        texts.add(message.text());
    }

    @Override
    public void onBinary(BinaryMessage message) {
        binaries.add(message.bytes());
    }

    List<ConnectionStateChanged> events() {
        return List.copyOf(events);
    }

    List<ConnectionState> states() {
        return events.stream().map(ConnectionStateChanged::current).toList();
    }

    List<ConnectionStateChanged> eventsInto(ConnectionState state) {
        return events.stream().filter(event -> event.current() == state).toList();
    }

    List<String> texts() {
        return List.copyOf(texts);
    }

    List<byte[]> binaries() {
        return List.copyOf(binaries);
    }

    /** Waits until the connection has entered {@code state} at least {@code times} times; returns the last entry. */
    ConnectionStateChanged awaitEntered(ConnectionState state, int times) {
        await("state " + state + " entered " + times + " time(s); events " + events).atMost(WAIT)
                .until(() -> eventsInto(state).size() >= times);
        List<ConnectionStateChanged> entries = eventsInto(state);
        return entries.get(entries.size() - 1);
    }

    ConnectionStateChanged awaitEntered(ConnectionState state) {
        return awaitEntered(state, 1);
    }

    void awaitTexts(int count) {
        await(count + " text messages").atMost(WAIT).until(() -> texts.size() >= count);
    }

    void awaitBinaries(int count) {
        await(count + " binary messages").atMost(WAIT).until(() -> binaries.size() >= count);
    }

    @Override
    public String toString() {
        return events.toString();
    }
}
