package org.wsconnector;

import org.wsconnector.config.ClientConfig;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An outbound WebSocket connection that the connector opens, keeps open, reconnects and closes.
 *
 * <p>Thread safe: every method may be called from any thread, a callback of this client included. A persistent
 * client is opened when the application starts; an on-demand client by the first {@link #open()} or
 * {@link #awaitOpen(Duration)}. The connector closes every connection when the application stops (close frame 1001);
 * the application never has to.
 *
 * <h2>States</h2>
 * {@link ConnectionState}: CLOSED, CONNECTING, OPEN, RECONNECTING, CLOSING, FAILED. Each method below says what it
 * does in each. Only {@link #open()} and {@link #awaitOpen(Duration)} leave CLOSED or FAILED; only {@link #close()},
 * {@link #close(int, String)}, {@link #abort()} and the application's shutdown lead to CLOSED, and none of these is
 * ever followed by a reconnect. Every transition is announced by exactly one {@link ConnectionStateChanged}.
 *
 * <h2>Which thread completes a returned stage</h2>
 * <ul>
 * <li>{@link #open()} and {@link #close()}: a stage that is not complete when the method returns is completed on a
 * worker of the callback executor (in a server its managed executor, in SE the connector's callback threads) — never
 * on the thread that reads the network or runs the connector's timers, and not inside this client's sequence of
 * callbacks, so a callback may wait for it. A stage that is already complete when returned runs what you chain on it
 * on your own thread.</li>
 * <li>{@link #sendText} and {@link #sendBinary}: on the connector's I/O thread once the frame is written, or on the
 * sending thread when the send fails at once; a message the send buffer held, on a callback worker. Keep what you
 * chain on them short, or use the {@code *Async} variants with your executor.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * Every failure is a {@link WebSocketConnectorException} naming this client: a returned stage never completes with
 * a raw {@code IOException}. Invalid arguments are refused at once with {@link IllegalArgumentException} (or
 * {@link NullPointerException} for a {@code null}) and change nothing.
 */
public interface ManagedWebSocket {

    /** The client name: {@code <name>} of {@code websocket.client.<name>.*}. Same in every state. */
    String name();

    /**
     * The validated configuration of this client, without its secrets: every {@link org.wsconnector.config.Secret}
     * in it (passwords of the server, the proxy and the TLS stores) is {@linkplain
     * org.wsconnector.config.Secret#isWithheld() withheld} and cannot be revealed, header values are shown as
     * {@value org.wsconnector.config.Secret#MASK}, and so are URI query values named like credentials
     * ({@code api_key=****}). The same object in every state.
     */
    ClientConfig config();

    /** The current state; it may change at any moment. */
    ConnectionState state();

    /**
     * Opens the connection if it is not open or opening, and returns a stage that completes when it is
     * {@link ConnectionState#OPEN}.
     * <ul>
     * <li>CLOSED, FAILED: starts a new connection cycle (CONNECTING, then reconnect attempts as configured); the
     * stage completes when the cycle opens, or fails with the cycle's last failure when it ends FAILED, or with a
     * {@link WebSocketConnectorException} when the application closes or aborts it first.</li>
     * <li>CONNECTING, RECONNECTING: starts nothing; the stage follows the cycle under way, as above.</li>
     * <li>OPEN: returns a completed stage.</li>
     * <li>CLOSING: returns a stage failed with a {@link WebSocketConnectorException} ("closing"): the close goes on.
     * To reopen, chain {@code open()} on the stage {@code close()} returned.</li>
     * <li>After the application's shutdown: a stage failed with a {@link WebSocketConnectorException}.</li>
     * </ul>
     * Idempotent: calling it again while the cycle is under way starts no second cycle. The stage has no deadline of
     * its own (a cycle with unlimited reconnect attempts may never end): bound it yourself, or use
     * {@link #awaitOpen(Duration)}. Cancelling the returned stage does not stop the cycle.
     */
    CompletionStage<Void> open();

    /**
     * {@link #open()} and waits, at most {@code timeout}, until the connection is open; returns at once when it is.
     *
     * @throws ConnectTimeoutException     when not open within {@code timeout} (the cycle goes on)
     * @throws WebSocketConnectorException the cause of the failure when the cycle ended in FAILED; or when it was
     *                                     closed or aborted meanwhile, or is CLOSING, or the application stopped
     * @throws InterruptedException        if the waiting thread is interrupted (the cycle goes on)
     */
    void awaitOpen(Duration timeout) throws InterruptedException;

    /**
     * Sends a whole text message; the stage completes when the frame is written to the socket (not when the peer
     * read it). Never blocks; never drops a message silently.
     * <ul>
     * <li>OPEN: written at once, behind any messages the send buffer still holds; fails with
     * {@link SendFailedException} when it cannot be written after all: the connection ends or closes first, more than
     * 16 MiB wait for a peer that does not read, or the text is not well-formed UTF-16.</li>
     * <li>CONNECTING, RECONNECTING: without a send buffer (the default) fails at once with
     * {@link NotConnectedException}, which names the state, and nothing is sent. With {@code send-buffer.*} the
     * message is held, in order, and written on the next OPEN before any newer send; the stage completes on a
     * callback worker when it is written, or fails with a {@link SendBufferException}: at once when the buffer is
     * {@linkplain SendBufferException.Kind#FULL full} (nothing held is evicted for it), or when it
     * {@linkplain SendBufferException.Kind#EXPIRED expires} ({@code send-buffer.max-age}), or when the client ends
     * {@linkplain SendBufferException.Kind#CLOSED CLOSED} (close, abort, shutdown) or
     * {@linkplain SendBufferException.Kind#FAILED FAILED} first. A frame the socket took just before a connection
     * died may still be lost: the buffer covers the time between connections, not the network.</li>
     * <li>CLOSED, CLOSING, FAILED: fails at once with {@link NotConnectedException}; nothing is sent.</li>
     * </ul>
     */
    CompletionStage<Void> sendText(String text);

    /**
     * As {@link #sendText(String)}, for a binary message: the buffer's remaining bytes; its position is not moved. A
     * held message is a copy: the buffer may be reused once this method returned.
     */
    CompletionStage<Void> sendBinary(ByteBuffer data);

    /**
     * As {@link #sendText(String)}, for the value encoded as JSON with JSON-B — in every state alike, as that text
     * would be. The value is encoded on the calling thread before the state is looked at; the stage fails at once
     * with a {@link SendFailedException} when it cannot be encoded, or when no encoder is installed: the CDI
     * extension installs one on every client when a JSON-B provider is present (the server's; in SE e.g. Yasson);
     * without CDI, the application installs one ({@code useEncoder(json::encode)} of connector-impl's
     * {@code JsonMessages}).
     */
    CompletionStage<Void> sendObject(Object value);

    /**
     * {@link #close(int, String) close(1000, "closed by application")}: a normal closure.
     *
     * @return completes when the state is {@link ConnectionState#CLOSED}
     */
    CompletionStage<Void> close();

    /**
     * Closes the connection on purpose with this close code and reason, and never reconnects.
     * <ul>
     * <li>OPEN: moves to CLOSING, stops the keepalive pings, sends a close frame with {@code code} and
     * {@code reason}, and waits for the peer's close frame at most {@code close-timeout}, then aborts the socket;
     * then CLOSED. Sends made meanwhile fail with {@link NotConnectedException}; messages the send buffer still
     * held fail with a {@link SendBufferException} ({@linkplain SendBufferException.Kind#CLOSED CLOSED}).</li>
     * <li>CONNECTING, RECONNECTING: aborts the attempt under way or cancels the scheduled one (no close frame: there
     * is no WebSocket yet); CLOSED at once.</li>
     * <li>FAILED: CLOSED at once.</li>
     * <li>CLOSING: nothing more; returns the stage of the close under way (its code and reason stay).</li>
     * <li>CLOSED: nothing.</li>
     * </ul>
     * Idempotent. Waiters of {@link #open()} and {@link #awaitOpen(Duration)} fail with a
     * {@link WebSocketConnectorException}.
     *
     * @param code   1000–1003, 1007–1014 (RFC 6455 7.4.1 and the IANA registry), or 3000–4999 (registered libraries
     *               and applications, RFC 6455 7.4.2)
     * @param reason at most 123 bytes in UTF-8 (a close frame's payload is 125 bytes with the code); may be empty;
     *               {@code null} counts as empty
     * @return completes when the state is {@link ConnectionState#CLOSED}; never fails
     * @throws IllegalArgumentException naming the rule, checked before anything happens: a code below 1000, above
     *                                  4999, or in 1016–2999 (reserved), one of 1004 (reserved), 1005, 1006 and 1015
     *                                  (never sent in a close frame), or a reason over 123 UTF-8 bytes or not
     *                                  well-formed UTF-16
     */
    CompletionStage<Void> close(int code, String reason);

    /**
     * Drops the connection at once, without a closing handshake, and never reconnects: the socket is closed, sends
     * still queued fail with {@link SendFailedException}, the peer sees the TCP connection end without a close
     * frame.
     * <ul>
     * <li>OPEN, CLOSING: closes the socket; CLOSED at once (a pending {@link #close()} stage completes).</li>
     * <li>CONNECTING, RECONNECTING: aborts the attempt under way or cancels the scheduled one; CLOSED at once.</li>
     * <li>FAILED: CLOSED at once.</li>
     * <li>CLOSED: nothing.</li>
     * </ul>
     * Idempotent. The one state event is {@code → CLOSED} without a cause, as for {@link #close()}: the application
     * asked for it. Waiters of {@link #open()} and {@link #awaitOpen(Duration)} fail with a
     * {@link WebSocketConnectorException}. For a peer that does not answer a close, or an application stopping in a
     * hurry.
     */
    void abort();

    /**
     * The subprotocol the server chose from {@code protocols} for the current connection ({@code
     * Sec-WebSocket-Protocol}); empty when none was offered, and in every state but OPEN and CLOSING. Each
     * reconnection negotiates again, so the value may differ after a RECONNECTING.
     */
    Optional<String> subprotocol();

    /**
     * The round trip of the last keepalive PING answered by its PONG; empty when pings are off or none was answered
     * yet on the current connection. Useful for health checks and dashboards.
     */
    Optional<Duration> lastPingRoundTrip();

    /**
     * A consistent snapshot of this client for operators: state and since when, the URI and proxy without secrets,
     * the last ping round trip, the reconnects and the last failure. Any state; never blocks for long.
     */
    ConnectionStatus status();

    /**
     * Adds a listener of this connection's messages and state changes; it runs as the CDI observers do (on a worker,
     * one callback at a time, in order). Any state. For messages decoded into a type of the application's, see
     * {@link TypedMessageListener}.
     */
    void addListener(WebSocketListener listener);

    /** Removes a listener added before; callbacks already queued for it may still run. Any state. */
    void removeListener(WebSocketListener listener);
}
