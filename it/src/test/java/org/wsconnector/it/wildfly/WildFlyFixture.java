package org.wsconnector.it.wildfly;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.wsconnector.it.wildfly.probe.ProbeServlet;
import org.wsconnector.it.wildfly.sample.ConnectorLogCapture;
import org.wsconnector.it.wildfly.sample.DirectClient;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.Squid;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        if (echo != null) {
            echo.close();
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
        String ca = certificates.ca().pemFile().toAbsolutePath().toString();
        String config = String.join("\n",
                "websocket.client.direct.uri=" + server.uri(),
                "websocket.client.direct.tls.ca-file=" + ca,
                "websocket.client.direct.ping.interval=200ms",
                "websocket.client.direct.tcp-keepalive.enabled=true",
                "websocket.client.direct.close-timeout=3s",
                "websocket.client.proxied.uri=" + server.uri("localhost"),
                "websocket.client.proxied.tls.ca-file=" + ca,
                "websocket.client.proxied.proxy.host=" + proxy.hostAndPort(),
                "websocket.client.proxied.proxy.username=" + PROXY_USER,
                "websocket.client.proxied.proxy.password=" + PROXY_PASSWORD,
                "websocket.client.proxied.ping.interval=200ms",
                "websocket.client.proxied.close-timeout=3s",
                "");
        return ShrinkWrap.create(WebArchive.class, "sample.war")
                .addPackage(DirectClient.class.getPackage())
                .addAsLibraries(connectorLibs())
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addAsResource(new StringAsset(ConnectorLogCapture.class.getName()),
                        "META-INF/services/jakarta.enterprise.inject.spi.Extension")
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
        Path log = JBOSS_HOME.resolve("standalone/log/server.log");
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> Arrays.stream(patterns).anyMatch(line::contains))
                    .toList();
        } catch (IOException e) {
            return List.of("cannot read " + log + ": " + e);
        }
    }
}
