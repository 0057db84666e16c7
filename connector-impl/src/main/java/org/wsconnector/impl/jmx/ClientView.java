package org.wsconnector.impl.jmx;

import org.wsconnector.ConnectionStatus;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.impl.config.SafeText;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link WebSocketClientMXBean} over one client. The client is looked up on every call, so the view follows a
 * client whose connection object was replaced. Thread safe: it keeps no state of its own.
 */
final class ClientView implements WebSocketClientMXBean {
    /** Code and reason of the close frames the operator's operations send. */
    static final int NORMAL_CLOSURE = 1000;
    static final String CLOSED_BY_OPERATOR = "closed by operator";
    static final String RECONNECT_BY_OPERATOR = "reconnect requested by operator";
    /** The JMX thread waits for an operation's outcome at most this long, whatever the client's timeouts. */
    static final Duration WAIT_CAP = Duration.ofSeconds(30);
    /** Beyond the client's own timeout: the outcome is reported on a callback worker, a moment later. */
    private static final Duration WAIT_MARGIN = Duration.ofSeconds(1);

    private final String name;
    private final Supplier<ManagedWebSocket> client;

    /** @param client the client now; throws {@link IllegalStateException} when it is no longer configured */
    ClientView(String name, Supplier<ManagedWebSocket> client) {
        this.name = name;
        this.client = client;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getState() {
        return status().state().name();
    }

    @Override
    public boolean isStandby() {
        return status().standby();
    }

    @Override
    public String getHeldBy() {
        return status().heldBy().orElse(null);
    }

    @Override
    public String getSince() {
        return status().since().toString();
    }

    @Override
    public String getConnectionType() {
        return client.get().config().connectionType().configValue();
    }

    @Override
    public String getUri() {
        return status().uri();
    }

    @Override
    public String getProxy() {
        return status().proxy().orElse(null);
    }

    @Override
    public long getReconnects() {
        return status().reconnects();
    }

    @Override
    public double getLastPingRoundTripMillis() {
        return status().lastPingRoundTrip().map(roundTrip -> roundTrip.toNanos() / 1_000_000.0).orElse(-1.0);
    }

    @Override
    public String getLastFailureClass() {
        return status().lastFailure().map(ConnectionStatus.Failure::type).orElse(null);
    }

    @Override
    public String getLastFailureMessage() {
        return status().lastFailure().map(ConnectionStatus.Failure::message).orElse(null);
    }

    @Override
    public String getLastFailureTime() {
        return status().lastFailure().map(ConnectionStatus.Failure::at).map(Instant::toString).orElse(null);
    }

    @Override
    public long getAttempts() {
        ConnectionStatus.Counters counters = counters();
        return counters.opened() + counters.openFailuresTotal();
    }

    @Override
    public long getOpened() {
        return counters().opened();
    }

    @Override
    public long getOpenFailures() {
        return counters().openFailuresTotal();
    }

    @Override
    public Map<String, Long> getOpenFailuresByClass() {
        return new TreeMap<>(counters().openFailures());
    }

    @Override
    public long getClosed() {
        return counters().closed();
    }

    @Override
    public long getDeadPeers() {
        return counters().deadPeers();
    }

    @Override
    public long getMessagesReceived() {
        return counters().messagesReceived();
    }

    @Override
    public long getMessagesSent() {
        return counters().messagesSent();
    }

    @Override
    public long getBytesReceived() {
        return counters().bytesReceived();
    }

    @Override
    public long getBytesSent() {
        return counters().bytesSent();
    }

    @Override
    public int getInboundQueued() {
        return status().inboundQueued();
    }

    @Override
    public String open() {
        ManagedWebSocket current = client.get();
        return outcome("open", current.open(), waitFor(current.config().connectionTimeout()));
    }

    @Override
    public String close() {
        ManagedWebSocket current = client.get();
        return outcome("close", current.close(NORMAL_CLOSURE, CLOSED_BY_OPERATOR),
                waitFor(current.config().closeTimeout()));
    }

    @Override
    public String reconnect() {
        ManagedWebSocket current = client.get();
        CompletionStage<Void> reopened = current.close(NORMAL_CLOSURE, RECONNECT_BY_OPERATOR)
                .thenCompose(closed -> current.open());
        return outcome("reconnect", reopened,
                waitFor(current.config().closeTimeout().plus(current.config().connectionTimeout())));
    }

    private ConnectionStatus status() {
        return client.get().status();
    }

    private ConnectionStatus.Counters counters() {
        return status().counters();
    }

    /**
     * Waits at most {@code wait} for the operation's stage: the state it left the client in, the state it is still
     * in when the stage is not complete in time, or an exception with the failure's class and reason.
     */
    private String outcome(String operation, CompletionStage<Void> stage, Duration wait) {
        CompletableFuture<Void> future = stage.toCompletableFuture();
        try {
            future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return name + ": " + getState();
        } catch (TimeoutException notYet) {
            return name + ": " + operation + " not complete within " + wait.toMillis() + " ms; state " + getState()
                    + lastFailureNote();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw new IllegalStateException(name + ": " + operation + " failed: " + cause.getClass().getName() + ": "
                    + SafeText.quote(cause.getMessage()) + "; state " + getState());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while waiting for " + operation + "; state "
                    + getState());
        }
    }

    private String lastFailureNote() {
        return status().lastFailure().map(failure -> " (last failure " + failure.type() + ": "
                + SafeText.quote(failure.message()) + " at " + failure.at() + ")").orElse("");
    }

    private static Duration waitFor(Duration timeout) {
        Duration wait = timeout.plus(WAIT_MARGIN);
        return wait.compareTo(WAIT_CAP) < 0 ? wait : WAIT_CAP;
    }
}
