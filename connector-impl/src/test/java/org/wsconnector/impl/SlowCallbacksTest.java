package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TextMessage;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * Application callbacks that do what EE code does — block for seconds, run slowly — on real connections: no other
 * connection notices (no false dead peer, no stalled echo, nothing lost), order holds per connection, and a
 * connection whose callbacks are behind stops reading so that its server feels the back-pressure.
 */
class SlowCallbacksTest {
    /** What the application's observer "does": a slow JPA write, a REST call. Not a wait for a test result. */
    private static final Duration BLOCKING_WORK = Duration.ofSeconds(5);
    private static final Duration LONG_WAIT = Duration.ofSeconds(60);

    @Test
    void aMessageCallbackBlockingForSecondsStallsNoOtherConnectionAndLosesNothing() throws Exception {
        blockOneCallbackAndEchoOnTheOtherConnection(BlockingOnce::onFirstText, "slow 0");
    }

    @Test
    void aStateCallbackBlockingForSecondsStallsNoOtherConnectionAndItsOwnMessagesFollowInOrder() throws Exception {
        blockOneCallbackAndEchoOnTheOtherConnection(BlockingOnce::onOpen, null);
    }

    /**
     * Client "slow" gets a listener that blocks for {@link #BLOCKING_WORK} (after {@code trigger} is sent, if any);
     * meanwhile client "other", pinging every 500 ms, must keep echoing, and both must see no state change; slow's
     * own messages, sent during the block, follow in order.
     */
    private static void blockOneCallbackAndEchoOnTheOtherConnection(
            java.util.function.Function<BlockingOnce, WebSocketListener> blockingListener, String trigger)
            throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.withProperties(twoPingingClients(server))) {
            BlockingOnce blocking = new BlockingOnce();
            DefaultManagedWebSocket slow = connector.connection("slow");
            slow.addListener(blockingListener.apply(blocking));
            DefaultManagedWebSocket other = connector.connection("other");
            other.awaitOpen(WAIT);
            slow.awaitOpen(WAIT);
            List<String> sentBySlow = new ArrayList<>();
            if (trigger != null) {
                sentBySlow.add(trigger);
                slow.sendText(trigger);
            }
            blocking.awaitStarted();

            int echoesWhileBlocked = echoUntil(other, connector.events("other"), blocking::finished, i -> {
                sentBySlow.add("slow " + i);
                slow.sendText("slow " + i);
            });

            assertThat(echoesWhileBlocked).as("the other connection kept echoing while one callback blocked")
                    .isGreaterThanOrEqualTo(5);
            RecordingListener slowEvents = connector.events("slow");
            await("every message of the blocked connection").atMost(WAIT)
                    .until(() -> slowEvents.texts().size() == sentBySlow.size());
            assertThat(slowEvents.texts()).containsExactlyElementsOf(sentBySlow);
            assertNoStateChangeAfterOpen(connector, "slow", "other");
            assertThat(blocking.thread()).as("the callback ran on a worker, not the I/O thread")
                    .doesNotStartWith(ConnectorUnderTest.IO_THREAD_PREFIX);
        }
    }

    @Test
    void tenThousandMessagesWithRandomCallbackDelaysArriveInOrderPerConnectionAndConnectionsRunInParallel()
            throws Exception {
        int messages = 10_000;
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.withProperties(Map.of(
                     "websocket.client.first.uri", server.uri().toString(),
                     "websocket.client.second.uri", server.uri().toString()))) {
            AtomicInteger inCallbacks = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            Set<String> callbackThreads = ConcurrentHashMap.newKeySet();
            List<String> names = List.of("first", "second");
            for (String name : names) {
                connector.connection(name).addListener(new WebSocketListener() {
                    @Override
                    public void onText(TextMessage message) {
                        mostAtOnce.accumulateAndGet(inCallbacks.incrementAndGet(), Math::max);
                        callbackThreads.add(Thread.currentThread().getName());
                        if (ThreadLocalRandom.current().nextInt(100) == 0) {
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(
                                    1 + ThreadLocalRandom.current().nextInt(3))); // an occasional slow callback
                        }
                        inCallbacks.decrementAndGet();
                    }
                });
                connector.connection(name).awaitOpen(WAIT);
            }
            Map<String, List<String>> sent = new LinkedHashMap<>();
            for (String name : names) {
                sent.put(name, IntStream.range(0, messages).mapToObj(i -> name + " " + i).toList());
            }
            for (int i = 0; i < messages; i++) {
                for (String name : names) {
                    connector.connection(name).sendText(sent.get(name).get(i));
                }
            }

            for (String name : names) {
                RecordingListener events = connector.events(name);
                await(name + ": " + messages + " echoes").atMost(LONG_WAIT)
                        .until(() -> events.texts().size() == messages);
                assertThat(events.texts()).as(name + " in arrival order").containsExactlyElementsOf(sent.get(name));
            }
            assertThat(mostAtOnce.get()).as("the two connections' callbacks ran at the same time").isGreaterThan(1);
            assertThat(callbackThreads).noneMatch(thread -> thread.startsWith(ConnectorUnderTest.IO_THREAD_PREFIX));
        }
    }

    /**
     * A callback that is behind fills its lane; the connector stops reading that socket, so the server's sends stall
     * (TCP back-pressure) instead of this JVM buffering everything. Pings cannot be answered meanwhile — pongs are
     * not read — and must not declare the peer dead. Releasing the callback delivers every message, in order.
     */
    @Test
    void aCallbackThatIsBehindPausesReadingSoTheServerFeelsBackPressureAndNothingIsLostOrDeclaredDead()
            throws Exception {
        int messages = 2_000;
        String padding = "x".repeat(32 * 1024);
        try (EchoServer server = EchoServer.builder().start();
             EchoServer otherServer = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.withProperties(Map.of(
                     "websocket.client.slow.uri", server.uri().toString(),
                     "websocket.client.slow.delivery.max-queued-messages", "10",
                     "websocket.client.slow.ping.interval", "500ms",
                     "websocket.client.slow.ping.probes", "2",
                     "websocket.client.other.uri", otherServer.uri().toString(),
                     "websocket.client.other.ping.interval", "500ms",
                     "websocket.client.other.ping.probes", "2"))) {
            CountDownLatch release = new CountDownLatch(1);
            DefaultManagedWebSocket slow = connector.connection("slow");
            slow.addListener(new WebSocketListener() {
                @Override
                public void onText(TextMessage message) {
                    try {
                        release.await(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS); // the application is behind
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            slow.awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT);

            AtomicInteger pushed = new AtomicInteger();
            Thread pusher = new Thread(() -> {
                for (int i = 0; i < messages && server.pushText(i + " " + padding) == 1; i++) {
                    pushed.incrementAndGet(); // a blocking send: returns once the bytes are on their way
                }
            }, "test-pusher");
            pusher.setDaemon(true);
            pusher.start();
            AtomicLong lastSeen = new AtomicLong(-1);
            await("the server's sends stall").pollInterval(Duration.ofMillis(250)).during(Duration.ofSeconds(2))
                    .atMost(LONG_WAIT).until(() -> lastSeen.getAndSet(pushed.get()) == pushed.get());

            assertThat(pushed.get()).as("messages the server could send while the application was behind")
                    .isLessThan(messages / 2);
            assertThat(connector.events("slow").states()).as("no dead peer while pongs could not be read")
                    .containsExactly(CONNECTING, OPEN);
            DefaultManagedWebSocket other = connector.connection("other");
            other.awaitOpen(WAIT);
            other.sendText("unaffected");
            connector.events("other").awaitTexts(1);

            release.countDown();
            pusher.join(LONG_WAIT.toMillis());
            RecordingListener events = connector.events("slow");
            await("every pushed message").atMost(LONG_WAIT).until(() -> events.texts().size() == messages);
            List<String> received = events.texts();
            for (int i = 0; i < messages; i++) {
                assertThat(received.get(i)).as("message %d", i).startsWith(i + " ");
            }
            assertNoStateChangeAfterOpen(connector, "slow", "other");
        }
    }

    /**
     * Messages read before the connection ended wait in the lane behind a slow callback; the state change that
     * reports the end must come after them, and none may be dropped because their link is gone.
     */
    @Test
    void messagesReceivedBeforeTheConnectionEndedAreDeliveredBeforeTheStateChangeThatReportsIt() throws Exception {
        int messages = 50;
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri(),
                     "reconnect.interval", "10s")) {
            CountDownLatch release = new CountDownLatch(1);
            List<String> sequence = new java.util.concurrent.CopyOnWriteArrayList<>();
            DefaultManagedWebSocket feed = connector.connection();
            feed.addListener(new WebSocketListener() {
                @Override
                public void onText(TextMessage message) {
                    try {
                        release.await(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sequence.add(message.text());
                }

                @Override
                public void onStateChanged(ConnectionStateChanged change) {
                    sequence.add(change.current().name());
                }
            });
            feed.awaitOpen(WAIT);
            server.awaitOpenSessions(1, WAIT); // the server registers its session just after the 101 reply
            for (int i = 0; i < messages; i++) {
                assertThat(server.pushText("pushed " + i)).isEqualTo(1);
            }
            server.closeAllSessions(1011, "server restarting");
            await("the connection's end is seen").atMost(WAIT)
                    .until(() -> feed.state() == ConnectionState.RECONNECTING);

            release.countDown();
            await("all delivered").atMost(WAIT).until(() -> sequence.contains("RECONNECTING"));
            List<String> expected = new ArrayList<>(List.of("CONNECTING", "OPEN"));
            IntStream.range(0, messages).mapToObj(i -> "pushed " + i).forEach(expected::add);
            expected.add("RECONNECTING");
            assertThat(sequence).containsExactlyElementsOf(expected);
        }
    }

    /** Two clients of {@code server} pinging every 500 ms with 2 probes: a second's stall would declare them dead. */
    private static Map<String, String> twoPingingClients(EchoServer server) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : List.of("slow", "other")) {
            properties.put("websocket.client." + name + ".uri", server.uri().toString());
            properties.put("websocket.client." + name + ".ping.interval", "500ms");
            properties.put("websocket.client." + name + ".ping.probes", "2");
        }
        return properties;
    }

    /** Sends on {@code client} and awaits each echo until {@code done}; also runs {@code alongside(i)}. */
    private static int echoUntil(DefaultManagedWebSocket client, RecordingListener events,
                                 java.util.function.BooleanSupplier done,
                                 java.util.function.IntConsumer alongside) {
        int echoes = 0;
        while (!done.getAsBoolean()) {
            int expected = events.texts().size() + 1;
            client.sendText("echo " + echoes);
            alongside.accept(echoes + 1);
            await("echo " + echoes).atMost(WAIT).until(() -> events.texts().size() >= expected);
            echoes++;
        }
        return echoes;
    }

    private static void assertNoStateChangeAfterOpen(ConnectorUnderTest connector, String... clients) {
        for (String client : clients) {
            List<ConnectionState> states = connector.events(client).states();
            assertThat(states).as(client + ": no dead peer, no reconnect").containsExactly(CONNECTING, OPEN);
        }
    }

    /** The first call blocks for {@link #BLOCKING_WORK}; later calls return at once. */
    private static final class BlockingOnce {
        private final CountDownLatch started = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();
        private volatile boolean finished;
        private volatile String thread;

        /** Blocks in the first text message's callback. */
        WebSocketListener onFirstText() {
            return new WebSocketListener() {
                @Override
                public void onText(TextMessage message) {
                    block();
                }
            };
        }

        /** Blocks in the callback of the change to OPEN. */
        WebSocketListener onOpen() {
            return new WebSocketListener() {
                @Override
                public void onStateChanged(ConnectionStateChanged change) {
                    if (change.current() == OPEN) {
                        block();
                    }
                }
            };
        }

        private void block() {
            if (calls.getAndIncrement() > 0) {
                return;
            }
            thread = Thread.currentThread().getName();
            started.countDown();
            try {
                Thread.sleep(BLOCKING_WORK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                finished = true;
            }
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the callback started").isTrue();
        }

        boolean finished() {
            return finished;
        }

        String thread() {
            return thread;
        }
    }
}
