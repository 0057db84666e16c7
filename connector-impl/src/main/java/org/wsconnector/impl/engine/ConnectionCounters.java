package org.wsconnector.impl.engine;

import org.wsconnector.ConnectionStatus;
import org.wsconnector.WebSocketConnectorException;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one client has done since it was created, for {@code status()} and the metrics adapters, which read these
 * live. Message and byte counts are on the message path (the I/O thread for what is received, the thread a write
 * completes on for what is sent): each is a {@link LongAdder}, so counting takes no lock, allocates nothing and does
 * not contend between the reading and the sending threads. The rarer events (opens, failures, closes) are counted
 * the same way for one uniform, lock-free read side.
 */
public final class ConnectionCounters {
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder deadPeers = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    /** By the failure's class name; a handful of keys at most (the connector's exception types). */
    private final ConcurrentMap<String, LongAdder> openFailures = new ConcurrentHashMap<>();

    void countOpen() {
        opened.increment();
    }

    void countOpenFailure(WebSocketConnectorException failure) {
        openFailures.computeIfAbsent(failure.getClass().getName(), type -> new LongAdder()).increment();
    }

    void countClose() {
        closed.increment();
    }

    void countReconnect() {
        reconnects.increment();
    }

    void countDeadPeer() {
        deadPeers.increment();
    }

    void countMessageReceived() {
        messagesReceived.increment();
    }

    void countPayloadReceived(long bytes) {
        bytesReceived.add(bytes);
    }

    void countMessageSent(long payloadBytes) {
        messagesSent.increment();
        bytesSent.add(payloadBytes);
    }

    public long opened() {
        return opened.sum();
    }

    /** Failed attempts whose failure is of the class named {@code type} (a fully qualified name). */
    public long openFailures(String type) {
        LongAdder count = openFailures.get(type);
        return count == null ? 0 : count.sum();
    }

    public long closed() {
        return closed.sum();
    }

    /** Reconnect attempts scheduled: one per lost connection and one per failed attempt that is retried. */
    public long reconnects() {
        return reconnects.sum();
    }

    public long deadPeers() {
        return deadPeers.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    /** The counts now; each is read once, so two of them may be a message apart when traffic flows. */
    public ConnectionStatus.Counters snapshot() {
        Map<String, Long> failures = new TreeMap<>();
        openFailures.forEach((type, count) -> failures.put(type, count.sum()));
        return new ConnectionStatus.Counters(opened(), failures, closed(), deadPeers(), messagesReceived(),
                messagesSent(), bytesReceived(), bytesSent());
    }
}
