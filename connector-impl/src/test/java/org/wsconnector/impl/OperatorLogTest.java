package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * What an operator reads in the log through a real outage (a Tyrus echo server that crashes and comes back on its
 * port): one INFO line when the client opens, one per failure naming the failure's class, one when it recovers with
 * the downtime — at least as long as the server was away — and no stack trace from the connector or Tyrus.
 */
class OperatorLogTest {
    private static final Pattern RECOVERED = Pattern.compile(
            "\\[feed] open again to 127\\.0\\.0\\.1:\\d+ \\(attempt (\\d+)\\) after (\\d+)(ms|s) down: recovered");

    @Test
    void anOutageIsOneLinePerFailureWithItsClassThenOneRecoveryLineWithTheDowntime() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             LogCapture connectorLog = LogCapture.of("org.wsconnector");
             LogCapture tyrusLog = LogCapture.of("org.glassfish.tyrus.client");
             ConnectorUnderTest connector = ConnectorUnderTest.client("feed", "uri", server.uri(),
                     "reconnect.interval", "100ms", "reconnect.max-interval", "200ms", "reconnect.jitter", "0")) {
            connector.connection().open();
            connector.events().awaitEntered(OPEN);

            long stopped = System.nanoTime();
            server.stop();
            connector.events().awaitEntered(RECONNECTING, 3); // the loss and at least two refused attempts
            server.start();
            connector.events().awaitEntered(OPEN, 2);
            long outageMillis = Duration.ofNanos(System.nanoTime() - stopped).toMillis();

            List<String> opened = connectorLog.messages(Level.INFO, "[feed] open");
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0)).matches("\\[feed] open to 127\\.0\\.0\\.1:" + server.port()
                    + " \\(attempt 1\\) after \\d+m?s");
            Matcher recovered = RECOVERED.matcher(opened.get(1));
            assertThat(recovered.matches()).as(opened.get(1)).isTrue();
            // Durations.format: whole seconds print as "1s", anything else in milliseconds.
            long downMillis = Long.parseLong(recovered.group(2)) * (recovered.group(3).equals("s") ? 1000 : 1);
            System.out.printf("[log] outage seen by the test %d ms, logged downtime %d ms, attempt %s%n",
                    outageMillis, downMillis, recovered.group(1));
            assertThat(downMillis).as("the downtime spans the refused attempts").isGreaterThanOrEqualTo(200)
                    .isLessThanOrEqualTo(outageMillis);
            List<String> failures = connectorLog.messages(Level.INFO, "; next attempt in");
            assertThat(failures).hasSizeGreaterThanOrEqualTo(3);
            assertThat(failures.get(0)).startsWith("[feed] ConnectionLostException: ");
            assertThat(failures.subList(1, failures.size())).allSatisfy(line -> assertThat(line)
                    .startsWith("[feed] ConnectFailedException: cannot reach 127.0.0.1:" + server.port()));
            assertThat(connectorLog.withStackTrace(Level.INFO)).isEmpty();
            assertThat(tyrusLog.withStackTrace(Level.INFO)).isEmpty();
        }
    }
}
