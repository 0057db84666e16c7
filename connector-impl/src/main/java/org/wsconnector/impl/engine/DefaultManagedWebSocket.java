package org.wsconnector.impl.engine;

import org.wsconnector.BinaryMessage;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.DeadPeerException;
import org.wsconnector.ManagedWebSocket;
import org.wsconnector.NotConnectedException;
import org.wsconnector.SendBufferException;
import org.wsconnector.SendFailedException;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.WebSocketListener;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.impl.config.Durations;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.FAILED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * The state machine of one named client. Every transition happens under {@code this} lock in {@link #moveTo} and
 * queues exactly one event on the connection's {@link DeliveryLane}, behind the messages received before it; the
 * lane runs the application's callbacks on worker threads, so no thread of the connector ever waits for them. When
 * the lane is full the link's reads pause (and the ping keepalive with them) until it has drained.
 *
 * <p>Each attempt and each open link gets a new generation number: callbacks from an attempt or link that is no
 * longer current (late success after a timeout, close of an aborted link) are recognised and ignored, which keeps
 * every failure path idempotent.
 */
public final class DefaultManagedWebSocket implements ManagedWebSocket {
    /** Close codes of RFC 6455. */
    static final int NORMAL_CLOSURE = 1000;
    static final int GOING_AWAY = 1001;

    private static final Logger LOG = Logger.getLogger(DefaultManagedWebSocket.class.getName());
    /** How soon deliveries are tried again after the application's executor refused them. */
    private static final Duration DELIVERY_RETRY = Duration.ofMillis(200);
    /** Held messages written in one go before the rest is handed to the scheduler: bounds each drain loop. */
    private static final int DRAIN_BATCH = 256;

    private final String name;
    /** Replaced only by {@link #reconfigure} while no connection is under way; read under the lock but for name. */
    private volatile ClientConfig config;
    /** What {@link #config()} shows the application: the same without a way to read the secrets. */
    private volatile ClientConfig shownConfig;
    private final Transport transport;
    private final ScheduledExecutorService scheduler;
    private final EngineClock clock;
    private final DoubleSupplier random;
    private Backoff backoff;
    private final List<WebSocketListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Function<Object, String> encoder;
    private final DeliveryLane lane;
    private final WorkerRelay relay;

    // Guarded by this.
    private ConnectionState state = CLOSED;
    private long generation;
    private int attemptsInCycle;
    private int retriesInCycle;
    /** Whether the current cycle has been OPEN before: its next OPEN is a reconnect. */
    private boolean openedInCycle;
    /** When the current link opened, on the engine clock: a short-lived connection keeps the backoff going. */
    private long openedAtNanos;
    private Attempt attempt;
    private ScheduledFuture<?> timer;
    private Link link;
    private PingKeepAlive ping;
    private CompletableFuture<Void> openSignal = new CompletableFuture<>();
    private CompletableFuture<Void> closeSignal = CompletableFuture.completedFuture(null);
    /** Why no open is accepted any more (shut down, removed by a reload); null while the client may open. */
    private String ended;
    /** A configuration a reload gave while the client was closing: applied once closed. */
    private ClientConfig pendingConfig;
    /** Whether the client opens again with {@link #pendingConfig} once closed: the reload closed it, not the app. */
    private boolean reopenWhenClosed;
    /** Whether the current link's reads are paused because the lane is full; applies to the next link too. */
    private boolean readsPaused;
    /** Sends held while not open ({@code send-buffer.*}); null when off: such sends fail at once. */
    private SendBuffer sendBuffer;
    /**
     * The link the held messages are being written to, which just opened; null when none are. While set, new sends
     * queue behind the held ones instead of going straight to the link: the held ones are written first.
     */
    private Link drainingLink;
    private ScheduledFuture<?> expiryTimer;
    // What status() shows an operator.
    private Instant stateSince;
    private ConnectionStatus.Failure lastFailure;
    private final ConnectionCounters counters = new ConnectionCounters();
    /**
     * Told each answered ping's round trip in nanoseconds (a metrics timer); on the I/O thread. One per metrics route
     * (Micrometer, OpenTelemetry): usually none or one.
     */
    private final List<LongConsumer> pingRoundTrips = new CopyOnWriteArrayList<>();
    /** The member that holds this client instead of this process; null when this process holds it. */
    private volatile String heldBy;

    /**
     * @param scheduler the connector's timers and pings; never runs application code
     * @param callbacks runs the application's callbacks (listeners, CDI observers); must not run tasks on the
     *                  calling thread
     * @param clock     every time the engine reads (ping verdicts, event instants); the scheduler's time must agree
     * @param random    uniform in [0, 1): the reconnect jitter
     */
    public DefaultManagedWebSocket(ClientConfig config, Transport transport, ScheduledExecutorService scheduler,
                                   Executor callbacks, EngineClock clock, DoubleSupplier random) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.shownConfig = config.withoutSecrets();
        this.transport = Objects.requireNonNull(transport, "transport");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = new Backoff(config.reconnect(), random);
        this.lane = new DeliveryLane(config.name(), Objects.requireNonNull(callbacks, "callbacks"), listeners,
                config.delivery(), this::applyReadPause,
                retry -> scheduler.schedule(retry, DELIVERY_RETRY.toMillis(), TimeUnit.MILLISECONDS));
        this.relay = new WorkerRelay(config.name(), callbacks, scheduler, DELIVERY_RETRY.toMillis());
        this.sendBuffer = config.sendBuffer().map(limits -> new SendBuffer(config.name(), limits)).orElse(null);
        this.stateSince = clock.now();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ClientConfig config() {
        return shownConfig;
    }

    /** Whether this client's configuration, secrets included, is {@code other}: a reload leaves it untouched then. */
    public synchronized boolean configuredAs(ClientConfig other) {
        return (pendingConfig != null ? pendingConfig : config).equals(other);
    }

    /**
     * Takes {@code next} without a new connection when it differs only in what the connection never sees
     * ({@code health.readiness}, {@code delivery.*}: {@link InPlaceChanges}); otherwise changes nothing.
     *
     * @return whether {@code next} is now in use
     */
    public synchronized boolean reconfigureInPlace(ClientConfig next) {
        // While a reload's close is under way, the configuration to compare with is the pending one: take the
        // longer way (reconfigure), which makes next the pending one.
        if (ended != null || pendingConfig != null || !InPlaceChanges.only(config, next)) {
            return false;
        }
        config = next;
        shownConfig = next.withoutSecrets();
        lane.limits(next.delivery());
        return true;
    }

    @Override
    public synchronized ConnectionState state() {
        return state;
    }

    @Override
    public synchronized Optional<String> subprotocol() {
        if (link == null || (state != OPEN && state != CLOSING)) {
            return Optional.empty();
        }
        String chosen = link.subprotocol();
        return chosen == null || chosen.isEmpty() ? Optional.empty() : Optional.of(chosen);
    }

    @Override
    public synchronized Optional<Duration> lastPingRoundTrip() {
        return ping == null ? Optional.empty() : Optional.ofNullable(ping.lastRoundTrip());
    }

    @Override
    public synchronized ConnectionStatus status() {
        return new ConnectionStatus(name(), state, stateSince, config.uriWithoutUserInfo(),
                config.proxy().map(ProxyConfig::address), lastPingRoundTrip(), counters.reconnects(),
                Optional.ofNullable(lastFailure), counters.snapshot(), lane.queuedMessages(),
                Optional.ofNullable(heldBy));
    }

    /** The client's live counters (what {@link #status()} copies), for metrics that read them when scraped. */
    public ConnectionCounters counters() {
        return counters;
    }

    /** Messages received and not yet handed to the application's callbacks: the inbound queue's depth now. */
    public int inboundQueued() {
        return lane.queuedMessages();
    }

    /**
     * Adds what is told the round trip of every answered keepalive ping, in nanoseconds (a metrics timer); several
     * may be added (Micrometer and OpenTelemetry both present). Runs on the I/O thread: it must be quick and must not
     * block.
     */
    public void addPingRoundTripRecorder(LongConsumer recorder) {
        pingRoundTrips.add(Objects.requireNonNull(recorder, "recorder"));
    }

    /** Stops telling {@code recorder} the round trips (its metrics were removed). */
    public void removePingRoundTripRecorder(LongConsumer recorder) {
        pingRoundTrips.remove(recorder);
    }

    /**
     * Who holds this client when another cluster member does (the status shows it, README "Cluster"); empty when
     * this process holds it. Only the flag: opening and closing stay with whoever calls {@link #start} and
     * {@link #close(int, String)}.
     */
    public void heldBy(Optional<String> member) {
        heldBy = member.orElse(null);
    }

    @Override
    public void addListener(WebSocketListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(WebSocketListener listener) {
        listeners.remove(listener);
    }

    /**
     * Starts a connection cycle if the client is idle (CLOSED or FAILED), without a stage that nobody waits for:
     * persistent clients at start.
     */
    public synchronized void start() {
        openIfIdle();
    }

    @Override
    public CompletionStage<Void> open() {
        return relay.relay(openSignal());
    }

    /** Under the lock, the signal of the cycle that {@link #open()} follows: see there for each state. */
    private synchronized CompletableFuture<Void> openSignal() {
        if (state == OPEN) {
            return CompletableFuture.completedFuture(null);
        }
        if (state == CLOSING && reopenWhenClosed) {
            // A reload closes in order to open again with its new configuration: follow that next cycle.
            if (openSignal.isDone()) {
                openSignal = new CompletableFuture<>();
            }
            return openSignal;
        }
        if (state == CLOSING) {
            return CompletableFuture.failedFuture(new WebSocketConnectorException(name(), "not opened: the "
                    + "connection is closing; open it again once the close has completed"));
        }
        if (ended != null) {
            return CompletableFuture.failedFuture(endedFailure());
        }
        openIfIdle();
        return openSignal;
    }

    @Override
    public void awaitOpen(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> signal = openSignal();
        try {
            signal.get(Durations.saturatedNanos(timeout), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ConnectTimeoutException(name(), "not open within " + Durations.format(timeout)
                    + " (state " + state() + ")", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketConnectorException failure) {
                throw failure; // the cycle's own exception, whose stack is the cycle's: it says what failed
            }
            throw new WebSocketConnectorException(name(), "open failed", e.getCause());
        }
    }

    @Override
    public CompletionStage<Void> sendText(String text) {
        Objects.requireNonNull(text, "text");
        return send(text, Link::sendText, SendBuffer.Text::new);
    }

    @Override
    public CompletionStage<Void> sendBinary(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        return send(data, Link::sendBinary, SendBuffer.Binary::copyOf);
    }

    /**
     * Installs what {@link #sendObject} encodes with (JSON-B, from the CDI layer or an application's
     * {@code JsonMessages}: the engine does not depend on it).
     *
     * @param encoder the value's JSON; may throw for a value it cannot encode
     */
    public void useEncoder(Function<Object, String> encoder) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
    }

    @Override
    public CompletionStage<Void> sendObject(Object value) {
        Objects.requireNonNull(value, "value");
        Function<Object, String> installed = encoder;
        if (installed == null) {
            return CompletableFuture.failedFuture(new SendFailedException(name, "no JSON encoder: sendObject"
                    + " needs a JSON-B provider (the server's; in Java SE add e.g. org.eclipse:yasson)", null));
        }
        String text;
        try {
            text = installed.apply(value);
        } catch (RuntimeException unencodable) {
            return CompletableFuture.failedFuture(new SendFailedException(name,
                    "a " + value.getClass().getName() + " could not be encoded as JSON: message not sent", unencodable));
        }
        return sendText(text);
    }

    /**
     * Straight to the open link when nothing is held; else behind the held messages (while they are written to the
     * link that just opened) or into the send buffer (CONNECTING, RECONNECTING); else fails at once. The two ways
     * are passed as method references that capture nothing, so a send allocates no lambda on the message path.
     */
    private <T> CompletionStage<Void> send(T payload, BiFunction<Link, T, CompletionStage<Void>> direct,
                                           Function<T, SendBuffer.OutgoingMessage> toHold) {
        Link current;
        CompletableFuture<Void> held;
        synchronized (this) {
            if (state == OPEN && drainingLink == null) {
                current = link;
                held = null;
            } else if (sendBuffer != null && state == OPEN) {
                current = null;
                held = sendBuffer.queueBehind(toHold.apply(payload), clock.nanoTime());
            } else if (sendBuffer != null && (state == CONNECTING || state == RECONNECTING || reloadClosing())) {
                current = null;
                held = sendBuffer.hold(toHold.apply(payload), clock.nanoTime());
                armExpiry();
            } else {
                return notConnected();
            }
        }
        return current != null ? direct.apply(current, payload) : relay.relay(held);
    }

    @Override
    public CompletionStage<Void> close() {
        return close(NORMAL_CLOSURE, "closed by application");
    }

    @Override
    public CompletionStage<Void> close(int code, String reason) {
        CloseFrameRules.check(code, reason);
        return relay.relay(closeWith(code, reason == null ? "" : reason));
    }

    /**
     * Closes for good with 1001 (going away): the application is stopping. No open is accepted afterwards. The stage
     * completes on the engine's thread: the connector's own shutdown waits for it, not application code.
     */
    public CompletionStage<Void> shutdown() {
        return end("the connector is shut down", GOING_AWAY, "application stopping");
    }

    /**
     * Closes for good with 1000 (normal closure): a reload removed this client from the configuration. Whoever
     * still holds it (an injected reference) finds it CLOSED: sends fail with {@code NotConnectedException}, and
     * {@code open()} with an exception saying the client was removed.
     */
    public CompletionStage<Void> remove() {
        return end("the client was removed from the configuration by a reload", NORMAL_CLOSURE,
                "removed from the configuration");
    }

    private CompletionStage<Void> end(String why, int code, String reason) {
        synchronized (this) {
            if (ended == null) {
                ended = why;
            }
            pendingConfig = null;
            reopenWhenClosed = false;
        }
        return closeWith(code, reason);
    }

    /**
     * Takes {@code next} (a reload changed this client's configuration) for every later connection, and reconnects
     * with it if a connection cycle is under way: an OPEN connection is closed with 1000 first (bounded by the old
     * close-timeout), a pending attempt or retry is given up; the new cycle starts when that is done. A FAILED
     * persistent client starts again, and so does a CLOSED on-demand one that becomes persistent; any other CLOSED
     * one (the application closed it) and a CLOSING one stay closed and open with {@code next} when the application
     * opens them. Sends accepted before keep their order: the close frame follows them. With a send buffer, sends
     * made while the reload closes are held for the next OPEN, as while reconnecting.
     *
     * @return whether a new connection cycle starts with {@code next}
     */
    public boolean reconfigure(ClientConfig next) {
        if (!next.name().equals(name)) {
            throw new IllegalArgumentException("the configuration of '" + next.name() + "' given to '" + name + "'");
        }
        Link closing = null;
        synchronized (this) {
            if (ended != null) {
                return false;
            }
            switch (state) {
                case OPEN -> {
                    pendingConfig = next;
                    reopenWhenClosed = true;
                    closing = beginClose();
                }
                case CLOSING -> pendingConfig = next;
                case CONNECTING, RECONNECTING -> {
                    cancelAttemptAndTimer(); // a retry timer that fires now finds its generation stale
                    reopenWhenClosed = true; // held sends stay held, waiters of open() follow the new cycle
                    moveTo(CLOSED, null, 0, null);
                    reopenWhenClosed = false;
                    apply(next);
                    openIfIdle();
                }
                case FAILED -> {
                    apply(next);
                    if (next.connectionType() == ConnectionType.PERSISTENT) {
                        openIfIdle();
                    }
                }
                default -> { // CLOSED: the application closed it, or it was never opened
                    boolean becomesPersistent = config.connectionType() != ConnectionType.PERSISTENT
                            && next.connectionType() == ConnectionType.PERSISTENT;
                    apply(next);
                    if (becomesPersistent) {
                        openIfIdle(); // persistent: kept open from now on, as at boot
                    }
                }
            }
            if (state == CLOSED || state == CLOSING && !reopenWhenClosed) {
                return false;
            }
        }
        if (closing != null) {
            closing.close(NORMAL_CLOSURE, "configuration reloaded"); // outside our lock, as every close
        }
        return true;
    }

    /** Under the lock, while no connection is under way: every later attempt uses {@code next}. */
    private void apply(ClientConfig next) {
        lane.limits(next.delivery());
        if (!next.sendBuffer().equals(config.sendBuffer())) {
            // What a reload kept held was accepted under the old limits: it fails rather than break the new ones.
            if (sendBuffer != null) {
                drainingLink = null;
                cancelExpiry();
                sendBuffer.failAll(SendBufferException.Kind.CLOSED, "a reload changed send-buffer.* before the "
                        + "message was written", null);
            }
            sendBuffer = next.sendBuffer().map(limits -> new SendBuffer(name, limits)).orElse(null);
        }
        config = next;
        shownConfig = next.withoutSecrets();
        backoff = new Backoff(next.reconnect(), random);
    }

    /** Under the lock: a reload is closing the connection in order to open it again with its new configuration. */
    private boolean reloadClosing() {
        return state == CLOSING && reopenWhenClosed;
    }

    @Override
    public void abort() {
        Link dropped;
        synchronized (this) {
            reopenWhenClosed = false;
            dropped = state == OPEN || state == CLOSING ? link : null;
            switch (state) {
                case OPEN, CLOSING -> {
                    stopPing();
                    finishClose(); // cancels the close timer, makes the link's own end stale
                }
                case CONNECTING, RECONNECTING -> closeBeforeOpen("aborted by the application");
                case FAILED -> moveTo(CLOSED, null, 0, null);
                default -> { } // CLOSED: nothing to abort
            }
        }
        if (dropped != null) {
            dropped.abort(); // outside our lock, as close: the transport may call back into onClosed
        }
    }

    private CompletableFuture<Void> closeWith(int code, String reason) {
        CompletableFuture<Void> result;
        Link closing = null;
        synchronized (this) {
            reopenWhenClosed = false; // the application's close wins over a reload's reconnect
            switch (state) {
                case OPEN -> {
                    closing = beginClose();
                    result = closeSignal;
                }
                case CLOSING -> result = closeSignal;
                case CONNECTING, RECONNECTING -> {
                    closeBeforeOpen(reason);
                    result = CompletableFuture.completedFuture(null);
                }
                case FAILED -> {
                    moveTo(CLOSED, null, 0, null);
                    result = CompletableFuture.completedFuture(null);
                }
                default -> result = CompletableFuture.completedFuture(null);
            }
        }
        if (closing != null) {
            closing.close(code, reason); // outside our lock: Tyrus calls back into onClosed
        }
        return result;
    }

    /** Under the lock, while OPEN: the closing handshake begins; returns the link to close outside the lock. */
    private Link beginClose() {
        moveTo(CLOSING, null, 0, null);
        stopPing();
        closeSignal = new CompletableFuture<>();
        armCloseTimeout();
        return link;
    }

    /** Under the lock: the application ends a cycle that has no open link. */
    private void closeBeforeOpen(String why) {
        cancelAttemptAndTimer();
        moveTo(CLOSED, null, 0, null);
        failOpenWaiters(new WebSocketConnectorException(name(), why + " before the connection opened"));
    }

    private WebSocketConnectorException endedFailure() {
        return new WebSocketConnectorException(name, ended);
    }

    // ---- attempts ------------------------------------------------------------------------------------------------

    private void openIfIdle() {
        if (!state.isIdle()) {
            return;
        }
        if (ended != null) {
            throw endedFailure();
        }
        if (openSignal.isDone()) {
            openSignal = new CompletableFuture<>();
        }
        attemptsInCycle = 0;
        retriesInCycle = 0;
        openedInCycle = false;
        moveTo(CONNECTING, null, 1, null);
        startAttempt();
    }

    private void startAttempt() {
        attemptsInCycle++;
        long attemptGeneration = ++generation;
        LinkEvents events = new GenerationEvents(attemptGeneration);
        Attempt started;
        try {
            started = transport.connect(config, events);
        } catch (RuntimeException e) {
            attemptFailed(Failures.classify(config, e));
            return;
        }
        attempt = started;
        timer = scheduler.schedule(() -> attemptTimedOut(attemptGeneration),
                Durations.timerMillis(config.connectionTimeout()),
                TimeUnit.MILLISECONDS);
        started.result().whenComplete((opened, failure) -> {
            if (attemptDone(attemptGeneration, opened, failure)) {
                drainHeld(opened); // outside our lock, as every write: the transport may call back
            }
        });
    }

    /** @return whether {@code opened} is now the open link and has held messages to write */
    private synchronized boolean attemptDone(long attemptGeneration, Link opened, Throwable failure) {
        if (attemptGeneration != generation || (state != CONNECTING && state != RECONNECTING)) {
            if (opened != null) {
                opened.abort(); // a late success after timeout or close: nobody wants it
            }
            return false;
        }
        cancelTimer();
        attempt = null;
        if (failure != null) {
            attemptFailed(Failures.classify(config, failure));
            return false;
        } else {
            link = opened;
            openedAtNanos = clock.nanoTime();
            int attemptNumber = attemptsInCycle;
            attemptsInCycle = 0;
            // retriesInCycle stays: only a connection that proves stable starts the backoff again (connectionLost)
            if (readsPaused) {
                opened.pauseReading(); // the lane is still full of what the previous link received
            }
            startPing(opened, attemptGeneration);
            // Set before OPEN is visible: a send that sees OPEN queues behind the held messages until they are written.
            boolean drain = sendBuffer != null && !sendBuffer.isEmpty();
            drainingLink = drain ? opened : null;
            cancelExpiry();
            counters.countOpen();
            moveTo(OPEN, null, attemptNumber, null);
            openedInCycle = true;
            openSignal.complete(null);
            return drain;
        }
    }

    /**
     * Writes the held messages to the link that just opened, oldest first, one at a time under our lock so that a
     * send arriving meanwhile queues behind them; ends when none is left, or when the link is no longer the open one
     * (what is still held waits for the next open). Each write is outside the lock: the transport's lock is taken
     * after ours nowhere. A stage is completed when its frame is written, through the relay, on a worker.
     */
    private void drainHeld(Link opened) {
        for (int written = 0; written < DRAIN_BATCH; written++) {
            SendBuffer.Held next;
            synchronized (this) {
                if (drainingLink != opened) {
                    return;
                }
                next = sendBuffer.poll();
                if (next == null) {
                    drainingLink = null; // from now on sends go straight to the link, behind all of these
                    return;
                }
            }
            CompletableFuture<Void> sent = next.sent();
            next.message().writeTo(opened).whenComplete((ok, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
        }
        scheduler.execute(() -> drainHeld(opened)); // a long run: the rest in another go, still in order
    }

    /** Under the lock: a timer for the oldest held message's max-age, if none is armed. */
    private void armExpiry() {
        if (expiryTimer != null || sendBuffer.isEmpty()) {
            return;
        }
        long delayNanos = Math.max(0, sendBuffer.nextExpiryNanos() - clock.nanoTime());
        expiryTimer = scheduler.schedule(this::expireHeld, delayNanos, TimeUnit.NANOSECONDS);
    }

    private synchronized void expireHeld() {
        expiryTimer = null;
        if (state == CONNECTING || state == RECONNECTING || reloadClosing()) {
            sendBuffer.expire(clock.nanoTime());
            armExpiry();
        }
    }

    private void cancelExpiry() {
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
            expiryTimer = null;
        }
    }

    /** Under the lock: the client ends or closes; what is held can never be written. */
    private void failHeld(ConnectionState next, WebSocketConnectorException cause) {
        if (sendBuffer == null) {
            return;
        }
        drainingLink = null;
        cancelExpiry();
        if (next == FAILED) {
            sendBuffer.failAll(SendBufferException.Kind.FAILED, "the client gave up reconnecting: "
                    + (cause == null ? "FAILED" : cause.reason()), cause);
        } else {
            sendBuffer.failAll(SendBufferException.Kind.CLOSED, "the client was closed (" + next
                    + ") before the message was written", null);
        }
    }

    private synchronized void attemptTimedOut(long attemptGeneration) {
        if (attemptGeneration != generation || attempt == null) {
            return;
        }
        Attempt late = attempt;
        attempt = null;
        generation++; // the late completion of this attempt is now stale
        Attempt.Stage stage = late.stage(); // before the abort, which fails the stage it interrupts
        late.abort();
        attemptFailed(new ConnectTimeoutException(name(), stage.describe(config) + " did not complete within "
                + Durations.format(config.connectionTimeout()) + " (connection-timeout)", null));
    }

    /** Called under the lock: retry with backoff while the policy allows, else FAILED. */
    private void attemptFailed(WebSocketConnectorException cause) {
        timer = null;
        counters.countOpenFailure(cause);
        if (config.reconnect().allowsAttempt(attemptsInCycle)) {
            scheduleRetry(cause, attemptsInCycle);
        } else {
            LOG.log(Level.WARNING, "[{0}] giving up after {1} attempt(s): {2}: {3}",
                    new Object[]{name(), attemptsInCycle, failureClass(cause), cause.reason()});
            moveTo(FAILED, cause, attemptsInCycle, null);
            failOpenWaiters(cause);
        }
    }

    private void scheduleRetry(WebSocketConnectorException cause, int failedAttempts) {
        // Retries are counted apart from attempts: after a lost connection the first retry follows no failed
        // attempt, and numbering delays by attempts repeated the first delay (found by ReconnectTest).
        Duration delay = backoff.delay(++retriesInCycle);
        counters.countReconnect();
        long retryGeneration = ++generation;
        LOG.log(Level.INFO, "[{0}] {1}: {2}; next attempt in {3}",
                new Object[]{name(), failureClass(cause), cause.reason(), Durations.format(delay)});
        moveTo(RECONNECTING, cause, failedAttempts, delay);
        if (sendBuffer != null) {
            armExpiry(); // held messages left over from a drain the loss cut short
        }
        timer = scheduler.schedule(() -> retry(retryGeneration), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void retry(long retryGeneration) {
        if (retryGeneration != generation || state != RECONNECTING) {
            return;
        }
        timer = null;
        startAttempt();
    }

    // ---- open link -------------------------------------------------------------------------------------------------

    /** Every failure line names the failure's class, by which an operator (or a log query) tells whose it is. */
    private static String failureClass(WebSocketConnectorException cause) {
        return cause.getClass().getSimpleName();
    }

    private <T> CompletionStage<T> notConnected() {
        return CompletableFuture.failedFuture(new NotConnectedException(name(), state()));
    }

    private void startPing(Link opened, long linkGeneration) {
        config.ping().ifPresent(pingConfig -> {
            ping = new PingKeepAlive(name(), opened, pingConfig, clock,
                    message -> deadPeer(linkGeneration, message));
            ping.readsPaused(readsPaused);
            ping.start(scheduler);
        });
    }

    private void stopPing() {
        if (ping != null) {
            ping.stop();
            ping = null;
        }
    }

    private void deadPeer(long linkGeneration, String message) {
        Link dead;
        synchronized (this) {
            if (linkGeneration != generation || state != OPEN) {
                return;
            }
            LOG.log(Level.WARNING, "[{0}] {1}: {2}; aborting the connection",
                    new Object[]{name(), DeadPeerException.class.getSimpleName(), message});
            dead = link;
            counters.countDeadPeer();
            connectionLost(new DeadPeerException(name(), message));
        }
        dead.abort(); // no closing handshake with a dead peer
    }

    private synchronized void linkClosed(long linkGeneration, int code, String reason, Throwable failure) {
        if (linkGeneration != generation) {
            return;
        }
        if (state == CLOSING) {
            finishClose();
        } else if (state == OPEN) {
            if (failure instanceof ConnectionLostException precise) {
                LOG.log(Level.WARNING, "[{0}] {1}: {2}; reconnecting",
                        new Object[]{name(), failureClass(precise), precise.reason()});
                connectionLost(precise); // the transport ended it on purpose: write timeout, message too large
                return;
            }
            String detail = "connection closed by peer or network: " + code
                    + (reason == null || reason.isEmpty() ? "" : " " + PeerText.quote(reason));
            connectionLost(new ConnectionLostException(name(), detail, failure));
        }
    }

    /** Under the lock: the open link is gone without the application asking. Reconnect. */
    private void connectionLost(ConnectionLostException cause) {
        counters.countClose();
        cancelTimer(); // the close-timeout of a closing handshake the peer or the transport began
        stopPing();
        link = null;
        drainingLink = null; // what is still held waits for the next open
        generation++;
        attemptsInCycle = 0;
        Duration openFor = Duration.ofNanos(clock.nanoTime() - openedAtNanos);
        if (openFor.compareTo(config.reconnect().stableAfter()) >= 0) {
            retriesInCycle = 0;
        } else {
            // A server that accepts and then drops at once (a policy close, an overloaded gateway) would otherwise
            // be contacted at the first delay for ever: the backoff goes on from where the last open found it.
            String lasted = Durations.format(openFor.truncatedTo(ChronoUnit.MILLIS));
            String stableAfter = Durations.format(config.reconnect().stableAfter());
            LOG.log(Level.INFO, "[{0}] the connection lasted {1}, less than reconnect.stable-after ({2}): the "
                    + "backoff goes on", new Object[]{name(), lasted, stableAfter});
        }
        if (openSignal.isDone()) {
            openSignal = new CompletableFuture<>();
        }
        scheduleRetry(cause, 1);
    }

    /**
     * Under the lock: bounds the closing handshake by close-timeout, from whichever began it first (the application's
     * close or {@link LinkEvents#onClosing}); the transport sets no timer of its own.
     */
    private void armCloseTimeout() {
        if (timer == null) {
            long closingGeneration = generation;
            timer = scheduler.schedule(() -> closeTimedOut(closingGeneration),
                    Durations.timerMillis(config.closeTimeout()),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The closing handshake did not end in time: the link is aborted. After the application's close the client is
     * CLOSED at once; when the peer or the transport began closing, the link's end follows and is reported as usual.
     */
    private void closeTimedOut(long closingGeneration) {
        Link unanswered;
        synchronized (this) {
            if (closingGeneration != generation || (state != CLOSING && state != OPEN)) {
                return;
            }
            timer = null;
            LOG.log(Level.INFO, "[{0}] the closing handshake did not end within {1} (close-timeout); aborting the "
                    + "connection", new Object[]{name(), Durations.format(config.closeTimeout())});
            unanswered = link;
            if (state == CLOSING) {
                finishClose();
            }
        }
        if (unanswered != null) {
            unanswered.abort();
        }
    }

    /** Under the lock: the application's close is complete. */
    private void finishClose() {
        counters.countClose();
        cancelTimer();
        generation++;
        link = null;
        moveTo(CLOSED, null, 0, null);
        if (!reopenWhenClosed) {
            failOpenWaiters(new WebSocketConnectorException(name(), "closed by the application"));
        }
        closeSignal.complete(null);
        if (pendingConfig != null) {
            apply(pendingConfig);
            pendingConfig = null;
            if (reopenWhenClosed) {
                reopenWhenClosed = false;
                openIfIdle();
            }
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void cancelAttemptAndTimer() {
        cancelTimer();
        if (attempt != null) {
            attempt.abort();
            attempt = null;
        }
        generation++;
    }

    private void failOpenWaiters(WebSocketConnectorException cause) {
        openSignal.completeExceptionally(cause);
    }

    // ---- events ----------------------------------------------------------------------------------------------------

    /** The single place where the state changes. Under the lock. */
    private void moveTo(ConnectionState next, WebSocketConnectorException cause, int attemptNumber, Duration nextRetry) {
        ConnectionState previous = state;
        state = next;
        if (next != FAILED && reopenWhenClosed) {
            drainingLink = null; // a reload closes to open again: what is held waits for its next OPEN
        } else if (next == CLOSING || next == CLOSED || next == FAILED) {
            failHeld(next, cause);
        }
        ConnectionStateChanged change = new ConnectionStateChanged(name(), previous, next, Optional.ofNullable(cause),
                attemptNumber, Optional.ofNullable(nextRetry), clock.now(), next == OPEN && openedInCycle,
                next == CLOSED ? Optional.ofNullable(heldBy) : Optional.empty());
        Instant previousSince = stateSince;
        if (next != previous) {
            stateSince = change.at();
        }
        if (cause != null) {
            lastFailure = ConnectionStatus.Failure.of(cause, change.at());
        }
        if (next == OPEN) {
            logOpened(change.reconnect(), attemptNumber, Duration.between(previousSince, change.at()));
        } else {
            LOG.log(Level.FINE, "{0}", change);
        }
        lane.offerState(change);
    }

    /**
     * One INFO line when the client opens and when it recovers, so that an operator sees it working, not only its
     * failures: the attempt that succeeded and how long the client was not open (since the cycle began, or since the
     * connection was lost: the outage). Host and port only: the URI's query may carry a secret (ARI's api_key).
     */
    private void logOpened(boolean reconnect, int attemptNumber, Duration notOpenFor) {
        String target = config.uri().getHost() + ":" + config.port()
                + config.proxy().map(proxy -> " through proxy " + proxy.address()).orElse("");
        String down = Durations.format(notOpenFor.truncatedTo(ChronoUnit.MILLIS));
        LOG.log(Level.INFO, reconnect ? "[{0}] open again to {1} (attempt {2}) after {3} down: recovered"
                : "[{0}] open to {1} (attempt {2}) after {3}", new Object[]{name(), target, attemptNumber, down});
    }

    /**
     * Makes the link's reads and the ping keepalive follow the lane: paused while it is full, reading again once it
     * has drained. Called by the lane's worker when that may have changed; re-reads the lane under our lock, so
     * that a pause and a resume racing from two threads always end in the lane's latest wish.
     */
    private synchronized void applyReadPause() {
        boolean wanted = lane.wantsReadsPaused();
        if (wanted == readsPaused) {
            return;
        }
        readsPaused = wanted;
        if (link != null && (state == OPEN || state == CLOSING)) {
            if (wanted) {
                link.pauseReading();
            } else {
                link.resumeReading();
            }
        }
        if (ping != null) {
            ping.readsPaused(wanted);
        }
    }

    /** Waits until the lane has delivered everything queued, at most until {@code deadlineNanos}. */
    public boolean awaitDelivered(long deadlineNanos) throws InterruptedException {
        return lane.awaitIdle(deadlineNanos);
    }

    /** Routes a link's callbacks to the machine, tagged with the generation they belong to. */
    private final class GenerationEvents implements LinkEvents {
        private final long linkGeneration;

        GenerationEvents(long linkGeneration) {
            this.linkGeneration = linkGeneration;
        }

        @Override
        public void onText(String text) {
            TextMessage message = new TextMessage(name(), text);
            received("text", listener -> listener.onText(message), text.length());
        }

        @Override
        public void onBinary(ByteBuffer data) {
            BinaryMessage message = new BinaryMessage(name(), data);
            received("binary", listener -> listener.onBinary(message), data.remaining());
        }

        /**
         * Queues a message of the current link on the lane, under the state lock so that it keeps its place before
         * any state event the same link's end produces; pauses reading at once when the lane is now full.
         */
        private void received(String what, java.util.function.Consumer<WebSocketListener> call, long size) {
            synchronized (DefaultManagedWebSocket.this) {
                if (linkGeneration != generation || (state != OPEN && state != CLOSING)) {
                    return;
                }
                counters.countMessageReceived();
                if (lane.offerMessage(what, call, size)) {
                    applyReadPause();
                }
            }
        }

        @Override
        public void onReadHandled() {
            lane.deliverOffered();
        }

        @Override
        public void onPong(ByteBuffer payload) {
            PingKeepAlive keepAlive;
            synchronized (DefaultManagedWebSocket.this) {
                keepAlive = linkGeneration == generation ? ping : null;
            }
            if (keepAlive != null && keepAlive.onPong(payload)) {
                Duration roundTrip = keepAlive.lastRoundTrip();
                if (roundTrip != null) {
                    long nanos = roundTrip.toNanos();
                    pingRoundTrips.forEach(recorder -> recorder.accept(nanos));
                }
            }
        }

        @Override
        public void onPayloadReceived(long bytes) {
            counters.countPayloadReceived(bytes); // this link's or a stale one's: the bytes did arrive either way
        }

        @Override
        public void onMessageSent(long payloadBytes) {
            counters.countMessageSent(payloadBytes);
        }

        @Override
        public void onClosing() {
            synchronized (DefaultManagedWebSocket.this) {
                if (linkGeneration == generation && (state == OPEN || state == CLOSING)) {
                    armCloseTimeout();
                }
            }
        }

        @Override
        public void onClosed(int code, String reason, Throwable failure) {
            linkClosed(linkGeneration, code, reason, failure);
        }
    }
}
