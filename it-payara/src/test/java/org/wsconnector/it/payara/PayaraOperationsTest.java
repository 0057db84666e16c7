package org.wsconnector.it.payara;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.it.payara.ops.OperationsServlet;
import org.wsconnector.impl.jmx.WebSocketClientMXBean;
import org.wsconnector.impl.jmx.WebSocketConnectorMXBean;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14's operator features on Payara Server 6, with one WAR ({@value #APP}) holding three clients: "ari" on an
 * echo server of its own, which the readiness test stops and restarts; "console", which the JMX test steers; "moved",
 * which the reload test points elsewhere. Only "ari" has a readiness check, so that the other tests' closes and
 * reconnects cannot make the node unready. Payara's own endpoints: MicroProfile Health on the HTTP port
 * ({@code /health/ready}, on by default), and its JMX connector, which serves the platform MBean server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraOperationsTest {
    private static final String APP = "operated";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HTTP_ROOT = "http://127.0.0.1:" + System.getProperty("payara.http.port");
    private static final String MOVED_URI = "websocket.client.moved.uri";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // Static initialisation runs before Arquillian calls the @Deployment method, which needs the servers' URIs.
    private static final EchoServer ECHO = EchoServer.builder().build().start();
    private static final EchoServer ARI_SERVER = EchoServer.builder().build().start();

    @Deployment(testable = false)
    static WebArchive operated() {
        return ConnectorWar.of(APP, "websocket.client.ari.uri=" + ARI_SERVER.uri() + "\n"
                        + "websocket.client.ari.reconnect.interval=200ms\n"
                        + "websocket.client.ari.reconnect.max-interval=500ms\n"
                        + "websocket.client.console.uri=" + ECHO.uri() + "?client=console\n"
                        + "websocket.client.console.health.readiness=false\n"
                        + "websocket.client.moved.uri=" + ECHO.uri() + "?client=moved\n"
                        + "websocket.client.moved.health.readiness=false\n")
                .addPackage(OperationsServlet.class.getPackage());
    }

    @AfterAll
    static void stopEchoServers() {
        ECHO.close();
        ARI_SERVER.close();
    }

    @Test
    void readinessOfTheClientIsUpWhileItsServerIsUpDownAfterItStopsAndUpAgainAfterItsRestart() throws Exception {
        await().atMost(WAIT).until(() -> ready().status() == 200);
        JsonObject up = ready().ari();
        assertThat(up.getString("status")).isEqualTo("UP");
        assertThat(up.getJsonObject("data").getString("state")).isEqualTo("OPEN");
        assertThat(up.getJsonObject("data").getString("uri")).isEqualTo(ARI_SERVER.uri().toString());

        ARI_SERVER.stop();
        await().atMost(WAIT).until(() -> ready().status() == 503);
        Readiness down = ready();
        assertThat(down.body().getString("status")).isEqualTo("DOWN");
        assertThat(down.ari().getString("status")).isEqualTo("DOWN");
        assertThat(down.ari().getJsonObject("data").getString("state")).isIn("RECONNECTING", "CONNECTING");
        assertThat(down.ari().getJsonObject("data")).containsKeys("since", "lastFailureClass", "lastFailureMessage");

        ARI_SERVER.start();
        await().atMost(WAIT).until(() -> ready().status() == 200);
        assertThat(ready().ari().getJsonObject("data").getString("state")).isEqualTo("OPEN");
        System.out.println("[Payara] readiness while the echo server was down: " + down.body());
    }

    @Test
    void theClientsMXBeanIsInPayarasMBeanServerUnderTheApplicationsNameAndCloseAndOpenAct() throws Exception {
        ObjectName connectorName = new ObjectName("org.wsconnector:type=Connector,application=" + APP);
        ObjectName consoleName = new ObjectName("org.wsconnector:type=Client,application=" + APP + ",name=console");
        try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + System.getProperty("payara.jmx.port") + "/jmxrmi"))) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            Set<ObjectName> ours = server.queryNames(new ObjectName("org.wsconnector:*"), null);
            assertThat(ours).as("the names in Payara's MBean server").contains(connectorName, consoleName);
            WebSocketConnectorMXBean connector = JMX.newMXBeanProxy(server, connectorName,
                    WebSocketConnectorMXBean.class);
            assertThat(connector.getApplication()).isEqualTo(APP);
            WebSocketClientMXBean console = JMX.newMXBeanProxy(server, consoleName, WebSocketClientMXBean.class);
            await().atMost(WAIT).until(() -> console.getState().equals("OPEN"));
            String before = awaitOpenConnection("client=console", Set.of()).sessionId();

            assertThat(console.close()).isEqualTo("console: CLOSED");
            ConnectionSnapshot closed = ECHO.awaitConnection(c -> c.sessionId().equals(before) && !c.open(), WAIT,
                    "console's connection closed by the operator");
            assertThat(closed.clientClosedWith(1000)).as("%s", closed).isTrue();
            assertThat(closed.closeReason().orElseThrow().getReasonPhrase()).isEqualTo("closed by operator");
            assertThat(console.getState()).isEqualTo("CLOSED");

            assertThat(console.open()).isEqualTo("console: OPEN");
            awaitOpenConnection("client=console", Set.of(before));
        }
    }

    @Test
    void aReloadAfterASystemPropertyChangedReconnectsOnlyTheChangedClient() throws Exception {
        String before = awaitOpenConnection("client=moved", Set.of()).sessionId();
        Set<String> ariSessions = sessionIds(ARI_SERVER);
        String movedTo = ECHO.uri() + "?client=moved&reloaded=yes";
        Map<String, String> report;
        try {
            report = operations("?reload=true&set=" + URLEncoder.encode(MOVED_URI + "=" + movedTo,
                    StandardCharsets.UTF_8));
        } finally {
            // The property is the server's: left set, it would configure a client "moved" in every later deployment.
            operations("?clear=" + MOVED_URI);
        }
        assertThat(report).as("the reload's report").containsEntry("reconnected", "moved")
                .containsEntry("added", "").containsEntry("removed", "");
        assertThat(report.get("unchanged").split(",")).contains("ari", "console");

        ConnectionSnapshot old = ECHO.awaitConnection(c -> c.sessionId().equals(before) && !c.open(), WAIT,
                "moved's old connection closed by the reload");
        assertThat(old.clientClosedWith(1000)).as("%s", old).isTrue();
        awaitOpenConnection("reloaded=yes", Set.of());
        assertThat(sessionIds(ARI_SERVER)).as("the untouched client's server saw no new upgrade")
                .isEqualTo(ariSessions);
    }

    private static ConnectionSnapshot awaitOpenConnection(String query, Set<String> except) {
        Predicate<ConnectionSnapshot> wanted = c -> c.open() && !except.contains(c.sessionId())
                && c.requestUri().getQuery() != null && c.requestUri().getQuery().contains(query);
        return ECHO.awaitConnection(wanted, WAIT, "an open connection with '" + query + "' not in " + except);
    }

    private static Set<String> sessionIds(EchoServer server) {
        return server.connections().stream().map(ConnectionSnapshot::sessionId).collect(Collectors.toSet());
    }

    private static Map<String, String> operations(String query) throws IOException, InterruptedException {
        return PlainFacts.get(URI.create(HTTP_ROOT + "/" + APP + "/operations" + query), WAIT);
    }

    record Readiness(int status, JsonObject body) {
        JsonObject ari() {
            return body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("ws-connector/ari")).findFirst()
                    .orElseThrow(() -> new AssertionError("no check ws-connector/ari in " + body));
        }
    }

    private static Readiness ready() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(HTTP_ROOT + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return new Readiness(response.statusCode(), reader.readObject());
        }
    }
}
