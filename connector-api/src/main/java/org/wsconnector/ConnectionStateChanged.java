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
 */
public record ConnectionStateChanged(String client, ConnectionState previous, ConnectionState current,
                                     Optional<WebSocketConnectorException> cause, int attempt,
                                     Optional<Duration> nextRetry, Instant at) {

    public ConnectionStateChanged {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(nextRetry, "nextRetry");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[").append(client).append("] ")
                .append(previous).append(" -> ").append(current);
        if (attempt > 0) {
            text.append(" (attempt ").append(attempt).append(')');
        }
        nextRetry.ifPresent(delay -> text.append(", next attempt in ").append(delay.toMillis()).append(" ms"));
        cause.ifPresent(failure -> text.append(": ").append(failure.reason()));
        return text.toString();
    }
}
