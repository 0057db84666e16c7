package org.wsconnector.it.wildfly;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * WildFly's own {@code /health/ready} ({@code standalone-microprofile.xml}, management port) with the connector's
 * readiness checks: UP while the essential client is OPEN, 503 DOWN within the reconnect cycle after its server
 * stops — with the last failure in the data — and UP again once the server is back. Before the checks existed it
 * answered 200 UP while the clients were RECONNECTING to a dead server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyHealthIT {
    private static final String READY = "http://127.0.0.1:" + Integer.getInteger("wildfly.management.port", 10090)
            + "/health/ready";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Readiness(int status, JsonObject body) {
        List<JsonObject> checks() {
            return body.getJsonArray("checks").getValuesAs(JsonObject.class);
        }

        JsonObject ari() {
            return checks().stream().filter(check -> check.getString("name").equals("ws-connector/ari")).findFirst()
                    .orElseThrow(() -> new AssertionError("no check ws-connector/ari in " + body));
        }
    }

    @Deployment(testable = false)
    static WebArchive health() {
        return WildFlyFixture.healthWar();
    }

    /** A -Dit.test=WildFlyHealthIT also selects it in the executions without MicroProfile: nothing to read there. */
    @BeforeAll
    static void onlyWithTheMicroProfileConfiguration() {
        assumeTrue(System.getProperty("wildfly.server.config", "").startsWith("standalone-microprofile"),
                "runs in the failsafe execution wildfly-microprofile");
    }

    @AfterAll
    static void stopEchoServer() {
        WildFlyFixture.stopEcho();
    }

    @Test
    void readinessFollowsTheEssentialClientDownWhileItsServerIsDownAndUpAgainAfter() throws Exception {
        EchoServer echo = WildFlyFixture.echo();
        await().atMost(WAIT).until(() -> ready().status() == 200);
        Readiness up = ready();
        List<String> ours = up.checks().stream().map(check -> check.getString("name"))
                .filter(name -> name.startsWith("ws-connector/")).toList();
        assertThat(ours).as("opted-out and on-demand clients are absent: %s", up.body())
                .containsExactlyInAnyOrder("ws-connector/ari", "ws-connector/added-by-reload");
        JsonObject upData = up.ari().getJsonObject("data");
        assertThat(up.ari().getString("status")).isEqualTo("UP");
        assertThat(upData.getString("state")).isEqualTo("OPEN");
        assertThat(upData.getString("uri")).isEqualTo(echo.uri().toString());
        assertThat(upData).containsKeys("since", "reconnects");

        echo.stop();
        await().atMost(WAIT).until(() -> ready().status() == 503);
        Readiness down = ready();
        assertThat(down.body().getString("status")).isEqualTo("DOWN");
        JsonObject downData = down.ari().getJsonObject("data");
        assertThat(down.ari().getString("status")).isEqualTo("DOWN");
        assertThat(downData.getString("state")).isIn("RECONNECTING", "CONNECTING");
        assertThat(downData).containsKeys("since", "lastFailureMessage", "lastFailureAt");
        assertThat(downData.getString("lastFailureClass")).as("the loss, or a refused attempt after it")
                .isIn(ConnectionLostException.class.getName(), ConnectFailedException.class.getName());
        await().atMost(WAIT).until(() -> ready().ari().getJsonObject("data").getJsonNumber("reconnects")
                .longValue() >= 2);
        assertThat(ready().ari().getJsonObject("data").getString("since"))
                .as("the outage dates from its first failure").isEqualTo(downData.getString("since"));
        assertThat(down.body().toString()).as("no secret of the test's TLS material").doesNotContain("changeit");

        echo.start();
        await().atMost(WAIT).until(() -> ready().status() == 200);
        JsonObject recovered = ready().ari().getJsonObject("data");
        assertThat(recovered.getString("state")).isEqualTo("OPEN");
        assertThat(recovered.getString("lastFailureClass")).as("the failure that began the outage, or a later one")
                .startsWith("org.wsconnector.");
        report("readiness while the echo server was down: " + down.body());
        report("after the restart: " + recovered);
    }

    private static Readiness ready() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(READY))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return new Readiness(response.statusCode(), reader.readObject());
        }
    }

    private static void report(String line) {
        System.out.println("[" + System.getProperty("wildfly.flavour", "WildFly") + "] " + line);
    }
}
