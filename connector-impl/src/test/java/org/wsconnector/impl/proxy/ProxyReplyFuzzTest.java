package org.wsconnector.impl.proxy;

import org.junit.jupiter.api.Test;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.ConnectorResources;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.FuzzSettings;
import org.wsconnector.impl.LogCapture;
import org.wsconnector.impl.HostileInputAssertions;
import org.wsconnector.impl.engine.PeerText;
import org.wsconnector.impl.transport.HttpHead;
import org.wsconnector.impl.proxy.ProxyReplyMutations.Mutation;
import org.wsconnector.testbed.AcceptedConnection;
import org.wsconnector.testbed.MisbehavingProxy;
import org.wsconnector.testbed.ScriptedReply;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A proxy that answers every CONNECT with a different seeded mutation of a reply (see {@link ProxyReplyMutations}):
 * each attempt ends within connection-timeout plus a bounded slack with the one specific exception its reply calls
 * for, every message and log line quotes the proxy's text escaped and cut, the client closes every socket, and the
 * run leaves no thread of the connector and no file descriptor behind. A failure names the seed and iteration to
 * replay ({@link FuzzSettings}).
 */
class ProxyReplyFuzzTest {
    private static final long DEFAULT_SEED = 6455;
    private static final int DEFAULT_ITERATIONS = 60;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(500);
    /** Beyond connection-timeout, for the engine's timer and a busy shared machine; measured slack is printed. */
    private static final Duration SLACK = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int FD_TOLERANCE = 3;
    /** Sent preemptively with every CONNECT: no reply, however odd, may get it into a message or a log line. */
    private static final String PASSWORD = "Fuzz-Secret-Pa55";
    private static final String BASIC_TOKEN = java.util.Base64.getEncoder()
            .encodeToString(("fuzz:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private volatile Mutation current;

    @Test
    void everyFuzzedProxyReplyEndsInTimeWithItsSpecificExceptionAndLeavesNothingBehind() {
        FuzzSettings fuzz = FuzzSettings.read(DEFAULT_SEED, DEFAULT_ITERATIONS);
        ConnectorResources before = ConnectorResources.settled();
        Map<ProxyReplyMutations.Shape, Integer> shapes = new EnumMap<>(ProxyReplyMutations.Shape.class);
        long slowestOverrun = Long.MIN_VALUE;
        long started = System.nanoTime();
        try (LogCapture log = LogCapture.of("org.wsconnector");
             MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.scripted(n -> current.reply()))) {
            Map<String, String> keys = ConnectorUnderTest.proxiedKeys("ws://127.0.0.1:1/fuzz",
                    "127.0.0.1:" + proxy.port());
            keys.put("connection-timeout", CONNECTION_TIMEOUT.toMillis() + "ms");
            keys.put("proxy.username", "fuzz");
            keys.put("proxy.password", PASSWORD);
            try (ConnectorUnderTest client = ConnectorUnderTest.proxied(keys)) {
                ConnectorResources afterFirst = null;
                for (int iteration : fuzz.run().toArray()) {
                    current = ProxyReplyMutations.next(fuzz.random(iteration), CONNECTION_TIMEOUT);
                    String replay = fuzz.replay(iteration) + ": " + PeerText.quote(current.toString());
                    long took = attempt(client, proxy, replay);
                    slowestOverrun = Math.max(slowestOverrun, took - CONNECTION_TIMEOUT.toMillis());
                    shapes.merge(current.shape(), 1, Integer::sum);
                    afterFirst = afterFirst == null ? ConnectorResources.now() : afterFirst;
                }
                // Jars and classes the first attempt needed are open now: from here on, any growth is a leak.
                ConnectorResources.awaitBackTo(afterFirst, FD_TOLERANCE);
            }
            log.allTexts().forEach(text -> {
                HostileInputAssertions.assertSafe(text, "a log line of the connector");
                assertThat(text).doesNotContain(PASSWORD).doesNotContain(BASIC_TOKEN);
            });
        }
        ConnectorResources after = ConnectorResources.awaitBackTo(before, FD_TOLERANCE);
        System.out.printf("proxy reply fuzz: seed %d, %d iteration(s) in %d ms, shapes %s; slowest attempt ended %d ms "
                        + "after connection-timeout; threads %d -> %d, fds %d -> %d%n", fuzz.seed(),
                fuzz.run().count(), (System.nanoTime() - started) / 1_000_000, shapes, slowestOverrun,
                before.threads(), after.threads(), before.fds(), after.fds());
    }

    /**
     * What manual fuzzing found before PeerText existed: a status line with ESC and BEL and a 16 KB reason was copied
     * verbatim into the exception and the log. It must stay escaped and cut.
     */
    @Test
    void aStatusLineWithTerminalEscapesAndA16KilobyteReasonIsEscapedAndCut() {
        String statusLine = "HTTP/1.1 407 \u001b[2J\u001b]0;pwned\u0007" + "r".repeat(16_000);
        ScriptedReply reply = new ScriptedReply(List.of(HttpHead.ascii(statusLine + "\r\n\r\n")), Duration.ZERO,
                false);
        try (LogCapture log = LogCapture.of("org.wsconnector");
             MisbehavingProxy proxy = MisbehavingProxy.start(MisbehavingProxy.Mode.scripted(n -> reply))) {
            ProxyAuthenticationException failure = SquidRefusalTest.failOnce(
                    ConnectorUnderTest.proxiedKeys("ws://127.0.0.1:1/fuzz", "127.0.0.1:" + proxy.port()),
                    ProxyAuthenticationException.class);

            assertThat(failure.getMessage()).contains("HTTP/1.1 407 \\x1B[2J\\x1B]0;pwned\\x07rrr")
                    .contains("more characters)");
            HostileInputAssertions.assertMessagesAreSafe(failure, "the escaped status line");
            assertThat(log.allTexts()).isNotEmpty().allSatisfy(text -> HostileInputAssertions.assertSafe(text,
                    "a log line"));
        }
    }

    /** One attempt against the current mutation; returns how long it took, in milliseconds. */
    private long attempt(ConnectorUnderTest client, MisbehavingProxy proxy, String replay) {
        int connectionsBefore = proxy.acceptedCount();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> client.connection().awaitOpen(PATIENCE));
        long took = (System.nanoTime() - start) / 1_000_000;

        assertThat(thrown).as("the failure of %s", replay).isExactlyInstanceOf(current.expected());
        WebSocketConnectorException failure = (WebSocketConnectorException) thrown;
        assertThat(took).as("ms until %s ended (%s)", replay, failure.getMessage())
                .isLessThanOrEqualTo(CONNECTION_TIMEOUT.plus(SLACK).toMillis());
        HostileInputAssertions.assertMessagesAreSafe(failure, replay);
        assertThat(failure.getMessage()).as(replay).doesNotContain(PASSWORD).doesNotContain(BASIC_TOKEN);
        HostileInputAssertions.assertNoProgrammingErrorIn(failure, replay);
        if (failure instanceof ProxyException refused && refused.statusLine().isPresent()) {
            assertThat(failure.getMessage()).as(replay).contains(refused.statusLine().get());
        }
        proxy.awaitAllClosed(PATIENCE);
        List<AcceptedConnection> connections = proxy.connections();
        assertThat(connections).as("connections of %s", replay).hasSize(connectionsBefore + 1);
        if (current.reply().holdOpen()) {
            assertThat(connections.get(connectionsBefore).closedByClient()).as("the client closed %s", replay)
                    .isTrue();
        }
        await("the attempt's thread of " + replay + " ends").atMost(PATIENCE).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(
                        thread -> thread.getName().startsWith(ConnectorUnderTest.IO_THREAD_PREFIX)));
        return took;
    }
}
