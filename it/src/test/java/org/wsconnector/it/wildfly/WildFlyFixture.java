package org.wsconnector.it.wildfly;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jgroups.JChannel;
import org.wsconnector.it.wildfly.cluster.HoldingServlet;
import org.wsconnector.it.wildfly.delivery.DeliveryServlet;
import org.wsconnector.it.wildfly.health.EssentialClient;
import org.wsconnector.it.wildfly.jmx.OperatedClient;
import org.wsconnector.it.wildfly.metrics.SendServlet;
import org.wsconnector.it.wildfly.probe.ProbeServlet;
import org.wsconnector.it.wildfly.sample.ConnectorLogCapture;
import org.wsconnector.it.wildfly.sample.DirectClient;
import org.wsconnector.it.wildfly.shared.ArrivedTexts;
import org.wsconnector.it.wildfly.typed.TypedServlet;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The test-JVM side of the WildFly tests: a TLS echo server on 127.0.0.1 with a CA generated for this run, the
 * sample and probe WARs, and a small HTTP client for their JSON. Lives only in the test JVM (never in a WAR).
 */
final class WildFlyFixture {
    static final String HTTP_BASE = "http://127.0.0.1:" + Integer.getInteger("wildfly.http.port", 8180);
    static final Path JBOSS_HOME = Path.of(System.getProperty("jboss.home", "target/wildfly"));

    static final String PROXY_USER = "svc-wildfly";
    private static final String PROXY_PASSWORD = "squid-" + Long.toHexString(System.nanoTime());

    private static TestCertificates certificates;
    private static EchoServer echo;
    private static final List<EchoServer> retired = new ArrayList<>();
    private static Squid squid;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WildFlyFixture() {
    }

    /** The echo server, started on first use (deployments are built before any {@code @BeforeAll} runs). */
    static synchronized EchoServer echo() {
        if (echo == null) {
            try {
                Path directory = Files.createTempDirectory(Path.of("target"), "wildfly-certs-").toAbsolutePath();
                certificates = TestCertificates.generate(directory, "changeit".toCharArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            echo = EchoServer.builder().tls(certificates.server(SanVariant.BOTH), certificates).start();
        }
        return echo;
    }

    /** A real squid with Basic auth on 127.0.0.1, the corporate proxy of the sample's "proxied" client. */
    static synchronized Squid squid() {
        if (squid == null) {
            squid = Squid.builder().basicAuth(PROXY_USER, PROXY_PASSWORD).start();
        }
        return squid;
    }

    static synchronized void stopEcho() {
        if (squid != null) {
            squid.close();
            squid = null;
        }
        retireEcho();
        retired.forEach(EchoServer::close);
        retired.clear();
    }

    /**
     * For a test class whose WAR stays deployed until after its {@code @AfterAll} (Arquillian undeploys it later): the
     * next class gets an echo server of its own, while this one stays up so that the undeploy still closes its clients
     * with 1001; {@link #stopEcho()} closes it.
     */
    static synchronized void retireEcho() {
        if (echo != null) {
            retired.add(echo);
            echo = null;
        }
    }

    /**
     * The sample application: a bean and a servlet injecting two clients, configured in its own
     * microprofile-config.properties: "direct" (wss to the echo server with the generated CA, pings and TCP
     * keepalive) and "proxied" (the same server, wss through squid with Basic auth, pings on).
     */
    static WebArchive sampleWar() {
        EchoServer server = echo();
        Squid proxy = squid();
        String config = clientConfig("direct", server.uri(), "ping.interval=200ms", "tcp-keepalive.enabled=true",
                "close-timeout=3s")
                + clientConfig("proxied", server.uri("localhost"), "proxy.host=" + proxy.hostAndPort(),
                "proxy.username=" + PROXY_USER, "proxy.password=" + PROXY_PASSWORD, "ping.interval=200ms",
                "close-timeout=3s");
        return connectorWar("sample.war", DirectClient.class.getPackage(), config)
                .addAsResource(new StringAsset(ConnectorLogCapture.class.getName()),
                        "META-INF/services/jakarta.enterprise.inject.spi.Extension");
    }

    /**
     * The delivery application: "feed" (wss to the echo server; its observer stores each message with JPA in the
     * server's ExampleDS, in a transaction, using a request-scoped bean) and "ping" (the same server, pings every
     * 500 ms, dead after 2 unanswered: the client that must see no state change whatever happens to "feed" or to the
     * server's executors).
     */
    static WebArchive deliveryWar() {
        EchoServer server = echo();
        String config = clientConfig("feed", server.uri(), "close-timeout=3s")
                + clientConfig("ping", server.uri(), "ping.interval=500ms", "ping.probes=2", "close-timeout=3s");
        String persistence = String.join("\n",
                "<persistence xmlns=\"https://jakarta.ee/xml/ns/persistence\" version=\"3.0\">",
                "  <persistence-unit name=\"delivery\">",
                "    <jta-data-source>java:jboss/datasources/ExampleDS</jta-data-source>",
                "    <class>org.wsconnector.it.wildfly.delivery.ReceivedMessage</class>",
                "    <shared-cache-mode>NONE</shared-cache-mode>", // no second-level cache to start: a faster deploy
                "    <properties>",
                "      <property name=\"jakarta.persistence.schema-generation.database.action\"",
                "                value=\"drop-and-create\"/>",
                "    </properties>",
                "  </persistence-unit>",
                "</persistence>",
                "");
        return connectorWar("delivery.war", DeliveryServlet.class.getPackage(), config)
                .addAsResource(new StringAsset(persistence), "META-INF/persistence.xml");
    }

    /**
     * The health application, for the MicroProfile configuration: "ari" (persistent: reported by /health/ready,
     * retrying every 200–500 ms while the echo server is down), "audit" (persistent, {@code health.readiness=false})
     * and "lookup" (on-demand): neither of the last two may appear in /health/ready.
     */
    static WebArchive healthWar() {
        EchoServer server = echo();
        String config = clientConfig("ari", server.uri(), "reconnect.interval=200ms", "reconnect.max-interval=500ms",
                "close-timeout=3s")
                + clientConfig("audit", server.uri(), "health.readiness=false", "close-timeout=3s")
                + clientConfig("lookup", server.uri(), "connection-type=on-demand");
        return connectorWar("readiness.war", EssentialClient.class.getPackage(), config);
    }

    /** The typed application: "ari" (wss to the echo server), observed as an event family decoded with JSON-B. */
    static WebArchive typedWar() {
        return connectorWar("typed.war", TypedServlet.class.getPackage(),
                clientConfig("ari", echo().uri(), "close-timeout=3s"));
    }

    /**
     * The metrics application, for the MicroProfile configuration with Micrometer: "metered" (wss to the echo server
     * through {@code relayPort}, a relay the test can cut and freeze; pings every 300 ms, dead after 2 unanswered;
     * attempts bounded to 3 s so that a frozen path fails them soon) and a servlet that sends through it; with
     * MicroProfile Telemetry enabled and exporting metrics to {@code otlpEndpoint}, so that both routes run.
     */
    static WebArchive metricsWar(int relayPort, String otlpEndpoint) {
        EchoServer server = echo();
        URI throughRelay = URI.create(server.uri().toString()
                .replace(":" + server.port() + "/", ":" + relayPort + "/"));
        String config = clientConfig("metered", throughRelay, "ping.interval=300ms", "ping.probes=2",
                "connection-timeout=3s", "reconnect.interval=200ms", "reconnect.max-interval=500ms",
                "close-timeout=3s")
                // MicroProfile Telemetry, off by default, on for this application: its metrics pushed every 500 ms
                // over OTLP/HTTP to the test's receiver, no other signal.
                + "otel.sdk.disabled=false\notel.metrics.exporter=otlp\notel.traces.exporter=none\n"
                + "otel.logs.exporter=none\notel.exporter.otlp.protocol=http/protobuf\n"
                + "otel.exporter.otlp.endpoint=" + otlpEndpoint + "\notel.metric.export.interval=500\n";
        return connectorWar("metered.war", SendServlet.class.getPackage(), config);
    }

    /**
     * A JMX application named {@code name}: "ari" (persistent, wss to the echo server, retrying every 200–500 ms,
     * an {@code api_key} in its URI's query that the view must mask). Deployed twice under two names.
     */
    static WebArchive jmxWar(String name, String apiKey) {
        EchoServer server = echo();
        String config = clientConfig("ari", URI.create(server.uri() + "?app=ops&api_key=" + apiKey),
                "reconnect.interval=200ms", "reconnect.max-interval=500ms", "close-timeout=3s");
        return connectorWar(name, OperatedClient.class.getPackage(), config);
    }

    /**
     * The cluster application for {@link WildFlyClusterIT}: one-member clients {@code clients} (wss to the echo server,
     * each upgrade naming its client in {@code X-Client}), the cluster {@code clusterName} over {@code initialHosts},
     * quorum 1 (a member left alone keeps holding), JGroups 5.4.8 in WEB-INF/lib. The member's name, its cluster port
     * and the {@code X-Member} header are the server's system properties ({@link ClusteredWildFly}): one WAR for both.
     */
    static WebArchive clusterWar(List<String> clients, String clusterName, String initialHosts) {
        EchoServer server = echo();
        StringBuilder config = new StringBuilder();
        for (String client : clients) {
            config.append(clientConfig(client, server.uri(), "cluster.ownership=one-member", "close-timeout=2s",
                    "reconnect.interval=200ms", "reconnect.max-interval=500ms", "headers.X-Client=" + client));
        }
        String connector = "websocket.connector.cluster.";
        config.append(connector).append("name=").append(clusterName).append('\n')
                .append(connector).append("bind-address=127.0.0.1\n")
                .append(connector).append("initial-hosts=").append(initialHosts).append('\n')
                .append(connector).append("quorum=1\n");
        // Distributable: WildFly's web session cache then starts its own JGroups channel beside the connector's.
        return connectorWar("cluster.war", HoldingServlet.class.getPackage(), config.toString())
                .addAsLibraries(jgroupsJar())
                .addAsWebInfResource(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"6.0\"><distributable/></web-app>"), "web.xml");
    }

    /** The JGroups jar of the test class path (org.jgroups:jgroups, the version the connector is built against). */
    private static File jgroupsJar() {
        try {
            return new File(JChannel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configuration lines of one client: wss to {@code uri}, trusting this run's CA, and {@code settings}. */
    private static String clientConfig(String name, URI uri, String... settings) {
        StringBuilder lines = new StringBuilder();
        String prefix = "websocket.client." + name + ".";
        lines.append(prefix).append("uri=").append(uri).append('\n');
        lines.append(prefix).append("tls.ca-file=").append(certificates.ca().pemFile().toAbsolutePath()).append('\n');
        for (String setting : settings) {
            lines.append(prefix).append(setting).append('\n');
        }
        return lines.toString();
    }

    /** A WAR with the connector jars, one application package, the test WARs' shared classes and a client config. */
    static WebArchive connectorWar(String name, Package application, String config) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addPackage(application)
                .addPackage(ArrivedTexts.class.getPackage())
                .addAsLibraries(connectorLibs())
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(new StringAsset("<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                        + "version=\"4.0\" bean-discovery-mode=\"annotated\"/>"), "beans.xml");
    }

    /** The probe: always deployed, reports threads, file descriptors and sockets of the server process. */
    static WebArchive probeWar() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addPackage(ProbeServlet.class.getPackage());
    }

    /**
     * The connector jars the build copied from the reactor (maven-dependency-plugin copy-dependencies): api, impl,
     * cdi and the Tyrus client bundle.
     */
    static File[] connectorLibs() {
        String directory = Objects.requireNonNull(System.getProperty("connector.libs"),
                "system property connector.libs (set by failsafe) is missing");
        File[] jars = new File(directory).listFiles((dir, name) -> name.endsWith(".jar"));
        List<String> names = jars == null ? List.of() : Arrays.stream(jars).map(File::getName).sorted().toList();
        for (String expected : List.of("ws-connector-api", "ws-connector-impl", "ws-connector-cdi",
                "tyrus-standalone-client-jdk")) {
            if (names.stream().noneMatch(name -> name.startsWith(expected + "-"))) {
                throw new IllegalStateException("no " + expected + " jar in " + directory + " (found " + names
                        + "); build with `mvn verify` from the root or `-pl it -am`");
            }
        }
        return jars;
    }

    static JsonObject sampleStatus(String query) {
        return getJson("/sample/status" + (query.isEmpty() ? "" : "?" + query));
    }

    static JsonObject probe(boolean gc) {
        return getJson("/probe/threads?gc=" + gc + "&histogram=" + gc + "&port=" + echo().port());
    }

    static JsonObject getJson(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(HTTP_BASE + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Lines of the server log that matter to us: start time, errors and warnings, anything about our code. */
    static List<String> serverLog(String... patterns) {
        return serverLogSince(0).stream()
                .filter(line -> Arrays.stream(patterns).anyMatch(line::contains))
                .toList();
    }

    /** The server log from line {@code first} (0-based) on; its size so far is {@code serverLogSince(0).size()}. */
    static List<String> serverLogSince(int first) {
        Path log = JBOSS_HOME.resolve("standalone/log/server.log");
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.min(first, lines.size()), lines.size());
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e);
        }
    }

    static List<String> strings(JsonObject json, String key) {
        return json.getJsonArray(key).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    static JsonObject delivery(String query) {
        return getJson("/delivery/delivery" + (query.isEmpty() ? "" : "?" + query));
    }

    static JsonObject typed(String query) {
        return getJson("/typed/typed" + (query.isEmpty() ? "" : "?" + query));
    }
}
