package org.wsconnector.it.wildfly;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.FreezableRelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The connector's metrics as an operator scrapes them: WildFly's own Prometheus endpoint (micrometer subsystem,
 * management port) after a known sequence — one open, ten messages each way, a cut connection and its recovery, a
 * dead peer on a frozen path — shows exactly those counts for the client, its state, and its ping round trips. The
 * application also has MicroProfile Telemetry on: the same counts arrive over OTLP at the test's receiver.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyMetricsIT {
    private static final String PROMETHEUS = "http://127.0.0.1:"
            + Integer.getInteger("wildfly.management.port", 10090) + "/prometheus";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FreezableRelay relay;
    private static OtlpMetricsReceiver otlp;

    /** One scrape: the sample lines of the Prometheus text format. */
    record Scrape(List<String> lines) {
        /** The value of the series {@code name} of the client "metered" with these labels ({@code key=value}). */
        OptionalDouble value(String name, String... labels) {
            return lines.stream()
                    .filter(line -> line.startsWith(name + "{") && line.contains("client=\"metered\"")
                            && Arrays.stream(labels).map(label -> label.replaceFirst("=(.*)", "=\"$1\""))
                            .allMatch(line::contains))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst();
        }

        double of(String name, String... labels) {
            return value(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " "
                    + Arrays.toString(labels) + " for client metered in:\n" + String.join("\n", lines.stream()
                    .filter(line -> line.startsWith("websockets_")).toList())));
        }
    }

    @Deployment(testable = false)
    static WebArchive metrics() {
        try {
            relay = FreezableRelay.start(WildFlyFixture.echo().port());
            otlp = OtlpMetricsReceiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return WildFlyFixture.metricsWar(relay.port(), otlp.endpoint());
    }

    /** A -Dit.test=WildFlyMetricsIT also selects it in the executions without Micrometer: nothing to scrape there. */
    @BeforeAll
    static void onlyWithMicrometer() {
        assumeTrue(Boolean.getBoolean("wildfly.micrometer"), "runs in the failsafe execution wildfly-microprofile");
    }

    @AfterAll
    static void stopPeers() {
        if (relay != null) {
            relay.close();
        }
        if (otlp != null) {
            otlp.close();
        }
        WildFlyFixture.retireEcho(); // up until Arquillian undeploys, so that the client's close is answered
    }

    @Test
    void theScrapedCountsMatchAKnownSequenceOfOpensMessagesALossAndADeadPeer() throws Exception {
        // Registered when the application started: a missing series fails at once, with what was scraped.
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_state", "state=OPEN") == 1);
        assertThat(send(10)).isEqualTo("OPEN");
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_count_total", "direction=INBOUND") == 10);
        Scrape afterMessages = scrape();
        assertThat(afterMessages.of("websockets_client_count_total", "direction=OUTBOUND")).isEqualTo(10);
        double bytes = 10 * "metered 0".length(); // ASCII: one byte per character
        assertThat(afterMessages.of("websockets_client_bytes_total", "direction=OUTBOUND")).isEqualTo(bytes);
        assertThat(afterMessages.of("websockets_client_bytes_total", "direction=INBOUND")).isEqualTo(bytes);
        assertThat(afterMessages.of("websockets_client_connections_opened_total")).isEqualTo(1);
        assertThat(afterMessages.of("websockets_client_inbound_queued")).isZero();

        relay.cutAll(); // the connection is lost; the client reconnects through the relay
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_connections_opened_total") == 2
                && scrape().of("websockets_client_state", "state=OPEN") == 1);
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_ping_round_trip_seconds_count") >= 1);

        relay.freeze(); // pings go unanswered: a dead peer; attempts through the frozen path time out
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_dead_peers_total") == 1
                && scrape().of("websockets_client_connections_opened_errors_total",
                "failure=ConnectTimeoutException") >= 1);
        Scrape frozen = scrape();
        assertThat(frozen.of("websockets_client_connections_opened_total")).isEqualTo(2);
        assertThat(frozen.of("websockets_client_connections_closed_total")).as("the cut one and the dead one")
                .isEqualTo(2);
        assertThat(frozen.of("websockets_client_dead_peers_total")).isEqualTo(1);
        assertThat(frozen.of("websockets_client_reconnects_total")).isGreaterThanOrEqualTo(3);
        assertThat(frozen.of("websockets_client_count_total", "direction=INBOUND")).isEqualTo(10);
        assertThat(frozen.of("websockets_client_count_total", "direction=OUTBOUND")).isEqualTo(10);
        assertThat(frozen.of("websockets_client_state", "state=OPEN")).isZero();
        assertThat(frozen.of("websockets_client_connections_opened_errors_total", "failure=ProxyException"))
                .as("a known failure class that did not happen is there, at 0").isZero();
        // WildFly's per-deployment registry takes no histogram configuration: count, sum and max are exported.
        assertThat(frozen.of("websockets_client_ping_round_trip_seconds_max")).isPositive();
        assertThat(frozen.of("websockets_client_ping_round_trip_seconds_sum")).isPositive();

        relay.unfreeze();
        await().atMost(WAIT).until(() -> scrape().of("websockets_client_connections_opened_total") == 3
                && scrape().of("websockets_client_state", "state=OPEN") == 1);
        assertOtlpExport();
        report("scraped after recovery: " + String.join("\n", scrape().lines().stream()
                .filter(line -> line.startsWith("websockets_client_") && !line.contains("_bucket{")).toList()));
    }

    /**
     * The same sequence as WildFly's OpenTelemetry SDK pushed it (MicroProfile Telemetry, OTLP/HTTP): the connector's
     * instruments under the same names, with the attribute client (no WF_DEPLOYMENT there).
     */
    private static void assertOtlpExport() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(otlp.value("websockets.client.connections.opened",
                "client=metered").orElse(0) == 3 && otlp.value("websockets.client.state", "client=metered",
                "state=OPEN").orElse(0) == 1).as("3 opens and OPEN received by %s", otlp).isTrue());
        assertThat(otlp.value("websockets.client.connections.closed", "client=metered")).hasValue(2);
        assertThat(otlp.value("websockets.client.dead.peers", "client=metered")).hasValue(1);
        assertThat(otlp.value("websockets.client.count", "client=metered", "direction=INBOUND")).hasValue(10);
        assertThat(otlp.value("websockets.client.count", "client=metered", "direction=OUTBOUND")).hasValue(10);
        assertThat(otlp.value("websockets.client.bytes", "client=metered", "direction=OUTBOUND"))
                .hasValue(10 * "metered 0".length());
        assertThat(otlp.value("websockets.client.connections.opened.errors", "client=metered",
                "failure=ProxyException")).hasValue(0);
        report("pushed over OTLP: " + otlp);
    }

    private static Scrape scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(PROMETHEUS))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", PROMETHEUS).isEqualTo(200);
        return new Scrape(response.body().lines().filter(line -> !line.startsWith("#")).toList());
    }

    private static String send(int count) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(WildFlyFixture.HTTP_BASE + "/metered/send?count=" + count))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("send: %s", response.body()).isEqualTo(200);
        return response.body();
    }

    private static void report(String line) {
        System.out.println("[" + System.getProperty("wildfly.flavour", "WildFly") + "] " + line);
    }
}
