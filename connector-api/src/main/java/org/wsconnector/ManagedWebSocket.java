package org.wsconnector;

import org.wsconnector.config.ClientConfig;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An outbound WebSocket connection that the connector opens, keeps open, reconnects and closes.
 *
 * <p>Thread safe. A persistent client is opened when the application starts; an on-demand client by the first
 * {@link #awaitOpen(Duration)}. The connector closes every connection when the application stops; the application
 * never has to.
 *
 * <p>Sending never blocks and never drops silently: when the connection is not {@link ConnectionState#OPEN} the
 * returned stage completes exceptionally with a {@link NotConnectedException} naming the client and its state; when
 * the frame cannot be written after all (the connection ends first, or more than 16 MiB wait for a peer that does not
 * read) with a {@link SendFailedException}. Stages complete on the connector's I/O thread or the sending thread:
 * keep what you chain on them short, or use the {@code *Async} variants with your executor.
 */
public interface ManagedWebSocket {

    /** The client name. */
    String name();

    /** The validated configuration of this client (secrets masked in its {@code toString()}). */
    ClientConfig config();

    /** The current state; it may change at any moment. */
    ConnectionState state();

    /**
     * Waits until the connection is open. If it is {@link ConnectionState#CLOSED} or {@link ConnectionState#FAILED},
     * a new connection cycle is started first (this is how an on-demand client is opened).
     *
     * @throws ConnectTimeoutException when not open within {@code timeout}
     * @throws WebSocketConnectorException the cause of the failure when the cycle ended in FAILED, or when closed
     * @throws InterruptedException        if the waiting thread is interrupted
     */
    void awaitOpen(Duration timeout) throws InterruptedException;

    /** Sends a whole text message; the stage completes when the frame is written. */
    CompletionStage<Void> sendText(String text);

    /** Sends a whole binary message (the buffer's remaining bytes); the stage completes when the frame is written. */
    CompletionStage<Void> sendBinary(ByteBuffer data);

    /**
     * Closes the connection on purpose: sends a close frame (1000), waits for the peer's answer at most
     * {@code close-timeout}, then aborts. Cancels any scheduled reconnect and the ping task; never reconnects.
     *
     * @return completes when the state is {@link ConnectionState#CLOSED}
     */
    CompletionStage<Void> close();

    /**
     * The round trip of the last keepalive PING answered by its PONG; empty when pings are off or none was answered
     * yet on the current connection. Useful for health checks and dashboards.
     */
    Optional<Duration> lastPingRoundTrip();

    /** Adds a listener of this connection's messages and state changes. */
    void addListener(WebSocketListener listener);

    void removeListener(WebSocketListener listener);
}
