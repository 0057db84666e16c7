package org.wsconnector.testbed;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

/**
 * Everything {@link EchoServer} knows about its connections, across restarts.
 *
 * <p>Thread-safe: Tyrus calls in from its worker threads while tests read snapshots and wait.
 */
final class EchoRegistry {

    private final List<ConnectionRecorder> recorders = new CopyOnWriteArrayList<>();
    private final Map<String, ConnectionRecorder> bySessionId = new ConcurrentHashMap<>();
    private final Map<String, Session> openSessions = new ConcurrentHashMap<>();
    private final StateMonitor monitor = new StateMonitor();

    void opened(Session session, ConnectionRecorder recorder) {
        recorders.add(recorder);
        bySessionId.put(recorder.sessionId(), recorder);
        openSessions.put(recorder.sessionId(), session);
        monitor.signalChange();
    }

    void update(String sessionId, Consumer<ConnectionRecorder> change) {
        ConnectionRecorder recorder = bySessionId.get(sessionId);
        if (recorder != null) {
            change.accept(recorder);
            monitor.signalChange();
        }
    }

    void closed(String sessionId, CloseReason reason, boolean fromClientFrame) {
        openSessions.remove(sessionId);
        update(sessionId, recorder -> recorder.closed(reason, fromClientFrame));
    }

    /** Marks every open session as closed by the server, before the server closes them. */
    List<Session> serverClosesAll() {
        List<Session> sessions = List.copyOf(openSessions.values());
        sessions.forEach(session -> update(session.getId(), ConnectionRecorder::serverInitiatesClose));
        return sessions;
    }

    /**
     * Records every session still open as closed: when the server stops, Tyrus may never get to run
     * {@code onClose} because its worker threads are already gone.
     */
    void serverStopped() {
        CloseReason stopped = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "echo server stopped");
        List.copyOf(openSessions.keySet()).forEach(sessionId -> closed(sessionId, stopped, false));
    }

    List<Session> openSessions() {
        return List.copyOf(openSessions.values());
    }

    int openSessionCount() {
        return openSessions.size();
    }

    List<ConnectionSnapshot> snapshots() {
        return recorders.stream().map(ConnectionRecorder::snapshot).toList();
    }

    <T> T await(Function<List<ConnectionSnapshot>, Optional<T>> probe, Duration timeout,
                Supplier<String> description) {
        return monitor.await(() -> probe.apply(snapshots()), timeout,
                () -> description.get() + "; open sessions: " + openSessionCount() + "; recorded: " + snapshots());
    }
}
