package org.wsconnector.it.wildfly;

import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status and control view as an operator uses it on WildFly: remote JMX over the management port
 * ({@code remote+http}, through the server's {@code jboss-cli-client.jar}, as jconsole does). Two deployments
 * holding a client of the same name are told apart by their application; the operations close and reconnect act on
 * the one addressed only; undeploy leaves no name of the connector registered.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyJmxIT {
    private static final String FIRST = "ops-a";
    private static final String SECOND = "ops-b";
    private static final String API_KEY = "key-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = FIRST, managed = false, testable = false)
    static WebArchive first() {
        return WildFlyFixture.jmxWar(FIRST + ".war", API_KEY);
    }

    @Deployment(name = SECOND, managed = false, testable = false)
    static WebArchive second() {
        return WildFlyFixture.jmxWar(SECOND + ".war", API_KEY);
    }

    @AfterAll
    static void stopEchoServer() {
        WildFlyFixture.stopEcho();
    }

    @Test
    void anOperatorSeesEachDeploymentsClientClosesAndReconnectsOneAndUndeployUnregistersAll() throws Exception {
        EchoServer echo = WildFlyFixture.echo();
        int before = echo.connections().size();
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            MBeanServerConnection server = jmx.server();
            deployer.deploy(FIRST);
            deployer.deploy(SECOND);
            ObjectName first = new ObjectName("org.wsconnector:type=Client,application=" + FIRST + ",name=ari");
            ObjectName second = new ObjectName("org.wsconnector:type=Client,application=" + SECOND + ",name=ari");
            try {
                await().atMost(WAIT).until(() -> "OPEN".equals(state(server, first))
                        && "OPEN".equals(state(server, second)));
                assertThat(server.getAttribute(first, "Uri")).isEqualTo(echo.uri() + "?app=ops&api_key=****");
                assertThat(attributeValues(server, first)).noneMatch(value -> String.valueOf(value).contains(API_KEY));
                CompositeData[] clients = (CompositeData[]) server.getAttribute(
                        new ObjectName("org.wsconnector:type=Connector,application=" + FIRST), "Clients");
                assertThat(clients).extracting(client -> client.get("name") + " " + client.get("state"))
                        .containsExactly("ari OPEN");

                assertThat(server.invoke(first, "close", null, null)).isEqualTo("ari: CLOSED");
                ConnectionSnapshot closed = echo.awaitClientClose(1000, WAIT);
                assertThat(closed.closeReason().orElseThrow().getReasonPhrase()).isEqualTo("closed by operator");
                assertThat(state(server, first)).isEqualTo("CLOSED");
                assertThat(state(server, second)).as("the other deployment's client").isEqualTo("OPEN");

                assertThat(server.invoke(first, "reconnect", null, null)).isEqualTo("ari: OPEN");
                assertThat(echo.awaitConnections(before + 3, WAIT)).hasSize(before + 3);
                assertThat(server.invoke(second, "reconnect", null, null)).isEqualTo("ari: OPEN");
                assertThat(echo.awaitConnections(before + 4, WAIT)).hasSize(before + 4);
                await().atMost(WAIT).until(() -> echo.openSessionCount() == 2);
                report("view of " + first + ": " + Arrays.toString(attributeValues(server, first)));
            } finally {
                deployer.undeploy(FIRST);
            }
            assertThat(names(server, "*")).as("after undeploying " + FIRST)
                    .noneMatch(name -> FIRST.equals(name.getKeyProperty("application")))
                    .contains(second);
            deployer.undeploy(SECOND);
            assertThat(names(server, "*")).as("after undeploying both").isEmpty();
        }
    }

    private static String state(MBeanServerConnection server, ObjectName client) throws Exception {
        return server.isRegistered(client) ? (String) server.getAttribute(client, "State") : "unregistered";
    }

    private static Set<ObjectName> names(MBeanServerConnection server, String pattern) throws Exception {
        return server.queryNames(new ObjectName("org.wsconnector:" + pattern), null);
    }

    private static Object[] attributeValues(MBeanServerConnection server, ObjectName name) throws Exception {
        String[] attributes = Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        return server.getAttributes(name, attributes).asList().stream()
                .map(attribute -> attribute.getName() + "=" + attribute.getValue()).toArray();
    }

    private static void report(String line) {
        System.out.println("[" + System.getProperty("wildfly.flavour", "WildFly") + "] " + line);
    }
}
