package org.wsconnector.it.wildfly;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A suspended WildFly ({@code :suspend}, then {@code :resume}) refuses to run scheduled tasks: the connector's timers
 * must pause quietly (at most one log line, no WFLYEE0110 error every tick as before) and go on after resume without a
 * burst of catch-up pings, which would have declared a live peer dead.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlySuspendIT {
    private static final String FLAVOUR = System.getProperty("wildfly.flavour", "WildFly");
    /** A real suspend, as an operator's: long against the 500 ms ping interval and the 50 ms timer tick. */
    private static final Duration SUSPEND = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static WebArchive delivery() {
        return WildFlyFixture.deliveryWar();
    }

    @AfterAll
    static void leaveTheEchoServerToTheUndeploy() {
        WildFlyFixture.retireEcho();
    }

    @Test
    void aSuspendPausesTheTimersQuietlyAndAfterResumeTheClientsGoOnWithoutAStateChange() throws IOException {
        JsonObject opened = WildFlyFixture.delivery("await=10000");
        assertThat(opened.getString("pingState")).as("%s", opened).isEqualTo("OPEN");
        await().atMost(WAIT).until(() -> WildFlyFixture.delivery("").getBoolean("pingAnswered"));
        List<String> transitionsBefore = WildFlyFixture.strings(WildFlyFixture.delivery(""), "transitions");
        EchoServer echo = WildFlyFixture.echo();
        int logMark = WildFlyFixture.serverLogSince(0).size();

        execute("suspend");
        try {
            await().atMost(WAIT).until(() -> "SUSPENDED".equals(suspendState()));
            long suspended = System.nanoTime();
            int pingsAtSuspend = totalPings(echo);
            // Holding the suspend as an operator would; nothing to poll for: the server runs none of our timers.
            sleep(SUSPEND);
            report(String.format("pings received by the echo server during a %d s suspend: %d",
                    SUSPEND.toSeconds(), totalPings(echo) - pingsAtSuspend));
            report("suspended for " + Duration.ofNanos(System.nanoTime() - suspended).toMillis() + " ms");
        } finally {
            execute("resume");
        }
        await().atMost(WAIT).until(() -> "RUNNING".equals(suspendState()));

        // More than ping.interval × ping.probes (1 s) of pings after resume: a catch-up burst or a verdict from the
        // pause would have shown by then as a state change.
        int pingsAtResume = totalPings(echo);
        await().atMost(WAIT).until(() -> totalPings(echo) >= pingsAtResume + 4);
        JsonObject after = WildFlyFixture.delivery("echo=after-resume");
        assertThat(after.getBoolean("echoed")).as("the ping client still echoes: %s", after).isTrue();
        assertThat(WildFlyFixture.strings(after, "transitions")).as("no state change through suspend and resume")
                .isEqualTo(transitionsBefore);

        List<String> logDuringSuspend = WildFlyFixture.serverLogSince(logMark);
        List<String> pauseLines = logDuringSuspend.stream()
                .filter(line -> line.contains("ws-connector timers")).toList();
        List<String> refusals = logDuringSuspend.stream().filter(line -> line.contains("WFLYEE0110")).toList();
        List<String> ourStackFrames = logDuringSuspend.stream()
                .filter(line -> line.strip().startsWith("at org.wsconnector.")).toList();
        report("server log lines during suspend and resume: " + logDuringSuspend.size() + ", WFLYEE0110: "
                + refusals.size() + ", ours: " + pauseLines);
        assertThat(refusals).as("WFLYEE0110 errors").isEmpty();
        assertThat(ourStackFrames).as("stack frames of ours").isEmpty();
        assertThat(pauseLines).as("one line per suspend at most").hasSizeLessThanOrEqualTo(1);
    }

    private void execute(String operation) throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set(operation);
        op.get("address").setEmptyList();
        ModelNode result = management.getControllerClient().execute(op);
        assertThat(result.get("outcome").asString()).as(":%s answered %s", operation, result).isEqualTo("success");
    }

    private String suspendState() throws IOException {
        ModelNode op = new ModelNode();
        op.get("operation").set("read-attribute");
        op.get("address").setEmptyList();
        op.get("name").set("suspend-state");
        return management.getControllerClient().execute(op).get("result").asString();
    }

    private static int totalPings(EchoServer echo) {
        return echo.connections().stream().mapToInt(ConnectionSnapshot::pingsReceived).sum();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server was suspended", e);
        }
    }

    private static void report(String line) {
        System.out.println("[" + FLAVOUR + "] " + line);
    }
}
