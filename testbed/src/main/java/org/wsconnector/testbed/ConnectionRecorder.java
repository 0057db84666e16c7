package org.wsconnector.testbed;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.websocket.CloseReason;

/** The live, thread-safe record of one connection; {@link #snapshot()} freezes it for tests. */
final class ConnectionRecorder {

    private final String sessionId;
    private final URI requestUri;
    private final Map<String, List<String>> requestHeaders;
    private final String subprotocol;
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaries = new CopyOnWriteArrayList<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile boolean open = true;
    private volatile CloseReason closeReason;
    private volatile boolean closeFrameFromClient;
    private volatile boolean closeInitiatedByServer;

    ConnectionRecorder(String sessionId, URI requestUri, Map<String, List<String>> headers, String subprotocol) {
        this.sessionId = sessionId;
        this.requestUri = requestUri;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
            List<String> merged = new ArrayList<>(a);
            merged.addAll(b);
            return List.copyOf(merged);
        }));
        this.requestHeaders = Collections.unmodifiableMap(copy);
        this.subprotocol = subprotocol == null ? "" : subprotocol;
    }

    String sessionId() {
        return sessionId;
    }

    boolean isOpen() {
        return open;
    }

    void text(String message) {
        texts.add(message);
    }

    void binary(byte[] message) {
        binaries.add(message);
    }

    void ping() {
        pings.incrementAndGet();
    }

    void serverInitiatesClose() {
        if (open) {
            closeInitiatedByServer = true;
        }
    }

    void closed(CloseReason reason, boolean fromClientFrame) {
        if (!open) {
            return;
        }
        closeReason = reason;
        closeFrameFromClient = fromClientFrame;
        open = false;
    }

    ConnectionSnapshot snapshot() {
        return new ConnectionSnapshot(sessionId, requestUri, requestHeaders, subprotocol, List.copyOf(texts),
                binaries.stream().map(byte[]::clone).toList(), pings.get(), open,
                Optional.ofNullable(closeReason), closeFrameFromClient, closeInitiatedByServer);
    }
}
