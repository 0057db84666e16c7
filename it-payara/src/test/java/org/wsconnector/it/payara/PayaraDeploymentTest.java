package org.wsconnector.it.payara;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.TestCertificates;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector deployed as a WAR to a real Payara Server 6, talking to two testbed echo servers on 127.0.0.1, one
 * plain (client {@code echo}) and one TLS (client {@code secure}, trusting the test CA from a PEM file). Each
 * deployment is deployed and undeployed by the test itself, so the close frames sent on undeploy are observable.
 * Payara loads its own Tyrus (2.1.5) parent-first: the connector's Tyrus 2.2.2 container must link against it.
 * Payara's JVM runs with -Djavax.net.ssl.keyStore set, which breaks Tyrus's Grizzly client on wss; the secure
 * client shows that the connector's own TLS does not read it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PayaraDeploymentTest {
    private static final String PARENT_FIRST = "connector-parent-first";
    private static final String CHILD_FIRST = "connector-child-first";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SERVER_MODULES = "/glassfish/modules/";
    /** Threads of java:comp/DefaultManagedThreadFactory; in this domain only the connector's I/O threads. */
    private static final String MANAGED_THREAD = "concurrent/__defaultManagedThreadFactory-Thread-";

    // Static initialisation runs before Arquillian calls the @Deployment methods, which need the servers' URIs.
    private static final EchoServer ECHO = EchoServer.builder().build().start();
    private static final TestCertificates CERTIFICATES = generateCertificates();
    private static final EchoServer SECURE = EchoServer.builder()
            .tls(CERTIFICATES.server(SanVariant.BOTH), CERTIFICATES).build().start();

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = PARENT_FIRST, managed = false, testable = false)
    static WebArchive parentFirst() {
        return probeWar(PARENT_FIRST);
    }

    @Deployment(name = CHILD_FIRST, managed = false, testable = false)
    static WebArchive childFirst() {
        return probeWar(CHILD_FIRST).addAsWebInfResource(new StringAsset("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN" "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
                <glassfish-web-app>
                  <class-loader delegate="false"/>
                </glassfish-web-app>
                """), "glassfish-web.xml");
    }

    @AfterAll
    static void stopEchoServers() {
        ECHO.close();
        SECURE.close();
    }

    @Test
    void deployedClientsOpenOnPayarasOwnTyrusEchoAsCdiEventsOverWsAndWssAndSayGoingAwayOnUndeploy() throws Exception {
        Map<String, String> facts = deployAndExchange(PARENT_FIRST, "hello from payara");

        // Parent-first: every Tyrus class comes from the server's modules, yet the connector's container links.
        assertThat(facts.get("org.glassfish.tyrus.client.ClientManager")).contains(SERVER_MODULES + "tyrus-client.jar");
        assertThat(facts.get("org.glassfish.tyrus.spi.ClientContainer")).contains(SERVER_MODULES + "tyrus-spi.jar");
        assertThat(facts.get("org.glassfish.tyrus.core.TyrusUpgradeResponse")).contains(SERVER_MODULES + "tyrus-core.jar");
    }

    @Test
    void withDelegateFalseBothClientsRunOnTheTyrusPackagedInTheWar() throws Exception {
        Map<String, String> facts = deployAndExchange(CHILD_FIRST, "hello from the war's tyrus");

        assertThat(facts.get("org.glassfish.tyrus.client.ClientManager")).contains("tyrus-standalone-client-jdk");
        assertThat(facts.get("org.glassfish.tyrus.spi.ClientContainer")).contains("tyrus-standalone-client-jdk");
        // jakarta.* still comes from the server: the copy inside the standalone bundle is never used.
        assertThat(facts.get("jakarta.websocket.Session")).contains(SERVER_MODULES);
    }

    /**
     * Deploys; checks OPEN and an echo round trip for both clients; undeploys; checks both close frames and that no
     * managed thread is left. Returns the probe's facts.
     */
    private Map<String, String> deployAndExchange(String deployment, String text) throws Exception {
        Set<String> before = sessionIds(ECHO);
        Set<String> secureBefore = sessionIds(SECURE);
        deployer.deploy(deployment);
        String plainSession;
        String secureSession;
        Map<String, String> facts;
        try {
            facts = exchange(deployment, "echo", text);
            plainSession = awaitSession(ECHO, before, deployment, text);
            exchange(deployment, "secure", text);
            secureSession = awaitSession(SECURE, secureBefore, deployment, text);
            assertThat(managedThreads()).as("the connector's I/O runs on the server's managed thread factory")
                    .isNotEmpty();
        } finally {
            deployer.undeploy(deployment);
        }
        assertClosedWithGoingAway(ECHO, plainSession, deployment);
        assertClosedWithGoingAway(SECURE, secureSession, deployment);
        // The server's threads can only be polled, over JMX.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(managedThreads())
                .as("managed threads left after undeploying %s", deployment).isEmpty());
        return facts;
    }

    /** Names of the server's live threads made by the default managed thread factory, read over Payara's JMX. */
    private static List<String> managedThreads() throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + System.getProperty("payara.jmx.port") + "/jmxrmi");
        try (JMXConnector jmx = JMXConnectorFactory.connect(url)) {
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(jmx.getMBeanServerConnection(),
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds())).filter(Objects::nonNull)
                    .map(ThreadInfo::getThreadName).filter(name -> name.startsWith(MANAGED_THREAD)).toList();
        }
    }

    private static Map<String, String> exchange(String deployment, String client, String text) throws Exception {
        Map<String, String> facts = probe(deployment,
                "?client=" + client + "&send=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
        assertThat(facts).as("probe of client %s in %s", client, deployment)
                .containsEntry("state", "OPEN").containsEntry("sent", text);
        // Polled over HTTP: there is no event to wait on from outside the server.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(
                probe(deployment, "?client=" + client).getOrDefault("received", "")).contains(text));
        return facts;
    }

    private static String awaitSession(EchoServer server, Set<String> before, String deployment, String text) {
        ConnectionSnapshot connection = server.awaitConnection(
                c -> !before.contains(c.sessionId()) && c.textMessages().contains(text), TIMEOUT,
                "the connection of " + deployment + " to " + server + " carrying '" + text + "'");
        assertThat(connection.open()).isTrue();
        return connection.sessionId();
    }

    private static void assertClosedWithGoingAway(EchoServer server, String sessionId, String deployment) {
        ConnectionSnapshot closed = server.awaitConnection(c -> c.sessionId().equals(sessionId) && !c.open(), TIMEOUT,
                "the connection of " + deployment + " to " + server + " closed");
        assertThat(closed.clientClosedWith(1001)).as("client close frame 1001 on undeploy, was %s", closed).isTrue();
    }

    private static Set<String> sessionIds(EchoServer server) {
        return server.connections().stream().map(ConnectionSnapshot::sessionId).collect(Collectors.toSet());
    }

    private static Map<String, String> probe(String deployment, String query)
            throws IOException, InterruptedException, URISyntaxException {
        URI uri = new URI("http://127.0.0.1:" + System.getProperty("payara.http.port") + "/" + deployment + "/probe"
                + query);
        return PlainFacts.get(uri, TIMEOUT);
    }

    private static WebArchive probeWar(String name) {
        return ConnectorWar.of(name, "websocket.client.echo.uri=" + ECHO.uri() + "\n"
                        + "websocket.client.secure.uri=" + SECURE.uri() + "\n"
                        + "websocket.client.secure.tls.ca-file=" + CERTIFICATES.ca().pemFile() + "\n")
                .addClasses(ConnectorProbeServlet.class, EchoReplies.class);
    }

    private static TestCertificates generateCertificates() {
        try {
            // The server reads the CA file from this path: same machine, same file system.
            return TestCertificates.generate(Files.createTempDirectory("ws-connector-payara-certs"),
                    "changeit".toCharArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
