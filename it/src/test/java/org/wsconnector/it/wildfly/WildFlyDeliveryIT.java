package org.wsconnector.it.wildfly;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Application callbacks in the EE way: the "feed" client's observer is {@code @Transactional}, stores each message with
 * JPA in the server's ExampleDS and uses a {@code @RequestScoped} bean. A burst of 1,000 messages is stored complete
 * and in arrival order, and an observer that works 5 s holds up its own client only: "ping" (500 ms × 2 probes) in the
 * same WAR sees no state change and keeps echoing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyDeliveryIT {
    private static final String FLAVOUR = System.getProperty("wildfly.flavour", "WildFly");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int BURST = 1_000;

    private List<String> transitionsWhenOpen;

    @Deployment(testable = false)
    static WebArchive delivery() {
        return WildFlyFixture.deliveryWar();
    }

    @AfterAll
    static void reportAndLeaveTheEchoServerToTheUndeploy() {
        WildFlyFixture.serverLog("org.wsconnector", "ws-connector", "ContextNotActive", "delivery.war").stream()
                .filter(line -> line.contains("WARN") || line.contains("ERROR") || line.contains("Exception"))
                .limit(20).forEach(line -> report("server log: " + line));
        WildFlyFixture.retireEcho(); // the undeploy that follows closes our clients with 1001
    }

    @BeforeEach
    void bothClientsAreOpen() {
        JsonObject status = WildFlyFixture.delivery("await=10000");
        assertThat(status.getString("feedState")).as("%s", status).isEqualTo("OPEN");
        assertThat(status.getString("pingState")).as("%s", status).isEqualTo("OPEN");
        // A client is OPEN before its observers hear of it: the OPEN events travel through each client's delivery
        // lane. The baseline is taken once both arrived, or a late OPEN event would count as a change.
        await().atMost(WAIT).until(() -> WildFlyFixture.strings(WildFlyFixture.delivery(""), "transitions").stream()
                .filter(transition -> transition.endsWith("-> OPEN (attempt 1)")).count() >= 2);
        transitionsWhenOpen = WildFlyFixture.strings(WildFlyFixture.delivery(""), "transitions");
    }

    @Test
    @Order(1)
    void aBurstOfAThousandMessagesIsStoredCompleteAndInArrivalOrderWhileTheOtherClientSeesNoStateChange() {
        long start = System.nanoTime();
        JsonObject sent = WildFlyFixture.delivery("burst=" + BURST + "&prefix=burst");
        assertThat(sent.containsKey("error")).as("sending the burst: %s", sent).isFalse();

        JsonObject stored = awaitRows(BURST);
        report(String.format(Locale.ROOT, "%d messages stored in %d ms", BURST,
                Duration.ofNanos(System.nanoTime() - start).toMillis()));
        assertThat(WildFlyFixture.strings(stored, "rows")).as("stored texts in insert order")
                .isEqualTo(texts("burst", BURST));
        assertThat(stored.getBoolean("sequencesInOrder")).as("delivery numbers in insert order").isTrue();
        assertThat(stored.getInt("rowsWithoutRequestId")).as("deliveries without the request-scoped bean").isZero();
        assertTheOtherClientSawNoStateChangeAndStillEchoes("after-burst");
    }

    @Test
    @Order(2)
    void anObserverThatWorksFiveSecondsHoldsUpItsOwnClientOnlyAndLosesNothing() {
        int storedBefore = WildFlyFixture.delivery("").getInt("rowCount");
        JsonObject sent = WildFlyFixture.delivery("slow=work");
        assertThat(sent.containsKey("error")).as("sending the slow message: %s", sent).isFalse();
        WildFlyFixture.delivery("burst=10&prefix=queued");
        await().atMost(WAIT).until(() -> WildFlyFixture.delivery("").getBoolean("feedWorking"));

        // While the feed observer works: the ping client's echoes are delivered (its own lane), and it sees no state
        // change although its pings go on (5 s is five ping intervals, more than ping.probes=2 allows unanswered).
        JsonObject echoed = WildFlyFixture.delivery("echo=while-feed-works");
        assertThat(echoed.getBoolean("echoed")).as("%s", echoed).isTrue();
        JsonObject done = awaitRows(storedBefore + 11);

        assertThat(WildFlyFixture.strings(done, "echoesWhileFeedWorked")).as("echoes delivered while the feed "
                + "observer worked").contains("while-feed-works");
        List<String> rows = WildFlyFixture.strings(done, "rows");
        assertThat(rows.subList(storedBefore, rows.size())).as("the slow message and the ten behind it, in order")
                .isEqualTo(Stream.concat(Stream.of("slow:work"), texts("queued", 10).stream()).toList());
        assertThat(done.getBoolean("sequencesInOrder")).isTrue();
        assertTheOtherClientSawNoStateChangeAndStillEchoes("after-slow-work");
    }

    private void assertTheOtherClientSawNoStateChangeAndStillEchoes(String text) {
        JsonObject status = WildFlyFixture.delivery("echo=" + text);
        assertThat(status.getBoolean("echoed")).as("ping client echoes: %s", status).isTrue();
        assertThat(WildFlyFixture.strings(status, "transitions")).as("state changes since both were open")
                .isEqualTo(transitionsWhenOpen);
    }

    /** Waits (bounded) until {@code count} rows are stored; the status then lists them. */
    private static JsonObject awaitRows(int count) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonObject status = WildFlyFixture.delivery("");
            assertThat(status.getInt("rowCount")).as("rows stored; status %s", status).isGreaterThanOrEqualTo(count);
        });
        return WildFlyFixture.delivery("rows=true");
    }

    private static List<String> texts(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format(Locale.ROOT, "%s-%04d", prefix, i)).toList();
    }

    private static void report(String line) {
        System.out.println("[" + FLAVOUR + "] " + line);
    }
}
