package org.wsconnector;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One state transition of a managed connection (fired once per transition, in order, on a worker thread, behind
 * every message received before it; see {@link WebSocketListener}).
 *
 * @param client    the client name
 * @param previous  state before the transition
 * @param current   state after it; may equal {@code previous} for {@link ConnectionState#RECONNECTING}, where each
 *                  further failed attempt is reported with its own cause
 * @param cause     why it happened: the failure of an attempt, the loss of the connection, a dead peer; empty for
 *                  transitions the application asked for and for a successful open
 * @param attempt   the number of the connect attempt in the current cycle (1 for the first), 0 when not relevant
 * @param nextRetry for {@link ConnectionState#RECONNECTING}: the delay before the next attempt
 * @param at        when it happened
 * @param reconnect for {@link ConnectionState#OPEN}: true when this open follows an earlier open of the same
 *                  connection cycle, that is the connection was lost and is open again: the server has forgotten
 *                  what the application set up on the lost connection (subscriptions, sessions) and the application
 *                  re-sends it in an observer of this event. False for the first open of a cycle (started by
 *                  {@code open()} or at start, or after {@code close()} or FAILED), even when it took several
 *                  attempts; false for every other state.
 * @param heldBy    for {@link ConnectionState#CLOSED}: the cluster member that holds the client when this one closed
 *                  it, or stood by (README "Cluster"; as {@link ConnectionStatus#heldBy()}, e.g.
 *                  {@link ConnectionStatus#NO_HOLDER}): the client is on standby here, not down. Empty when this
 *                  process holds the client (every client without a cluster), and for every other state
 */
public record ConnectionStateChanged(String client, ConnectionState previous, ConnectionState current,
                                     Optional<WebSocketConnectorException> cause, int attempt,
                                     Optional<Duration> nextRetry, Instant at, boolean reconnect,
                                     Optional<String> heldBy) {

    public ConnectionStateChanged {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(nextRetry, "nextRetry");
        Objects.requireNonNull(at, "at");
        if (reconnect && current != ConnectionState.OPEN) {
            throw new IllegalArgumentException("only an OPEN event may be a reconnect, not " + current);
        }
        Objects.requireNonNull(heldBy, "heldBy");
        if (heldBy.isPresent() && current != ConnectionState.CLOSED) {
            throw new IllegalArgumentException("only a CLOSED event may name another holder, not " + current);
        }
    }

    /** A change of a client this process holds (the form before clusters). */
    public ConnectionStateChanged(String client, ConnectionState previous, ConnectionState current,
                                  Optional<WebSocketConnectorException> cause, int attempt,
                                  Optional<Duration> nextRetry, Instant at, boolean reconnect) {
        this(client, previous, current, cause, attempt, nextRetry, at, reconnect, Optional.empty());
    }

    /** A change that is not a reconnect: every state but OPEN, and the first open of a cycle. */
    public ConnectionStateChanged(String client, ConnectionState previous, ConnectionState current,
                                  Optional<WebSocketConnectorException> cause, int attempt,
                                  Optional<Duration> nextRetry, Instant at) {
        this(client, previous, current, cause, attempt, nextRetry, at, false);
    }

    /** Whether the client is CLOSED here because another cluster member holds it ({@link #heldBy}). */
    public boolean standby() {
        return heldBy.isPresent();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[").append(client).append("] ")
                .append(previous).append(" -> ").append(current);
        if (attempt > 0) {
            text.append(" (attempt ").append(attempt).append(reconnect ? ", reconnect)" : ")");
        } else if (reconnect) {
            text.append(" (reconnect)");
        }
        nextRetry.ifPresent(delay -> text.append(", next attempt in ").append(delay.toMillis()).append(" ms"));
        cause.ifPresent(failure -> text.append(": ").append(failure.reason()));
        heldBy.ifPresent(member -> text.append(" (standby: held by ").append(member).append(')'));
        return text.toString();
    }
}
