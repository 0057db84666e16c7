package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.impl.jmx.JmxNames;
import org.wsconnector.impl.jmx.WebSocketClientMXBean;
import org.wsconnector.testbed.EchoServer;

import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;
import static org.wsconnector.impl.ConnectorUnderTest.properties;

/**
 * The JMX view through the platform MBean server, as jconsole or jcmd reach it, over a real Tyrus echo server: the
 * attributes follow the client, the operations act on it, nothing shows a secret, and closing the connector leaves
 * no name registered.
 */
class JmxViewTest {
    private static final String SECRET = "s3cret-value";
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void attributesFollowTheClientAndCloseOpenAndReconnectActOnIt() throws Exception {
        try (EchoServer echo = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("echo", "uri", echo.uri() + "?api_key=" + SECRET,
                     "username", "operator", "password", SECRET, "reconnect.interval", "100ms")) {
            connector.connection().awaitOpen(PATIENCE);
            ObjectName name = JmxNames.client(application(connector), "echo");
            WebSocketClientMXBean client = JMX.newMXBeanProxy(server, name, WebSocketClientMXBean.class);
            assertThat(client.getState()).isEqualTo("OPEN");
            assertThat(client.getName()).isEqualTo("echo");
            assertThat(client.getConnectionType()).isEqualTo("persistent");
            assertThat(client.getUri()).endsWith("?api_key=****");
            assertThat(client.getProxy()).isNull();
            assertThat(client.getLastFailureClass()).isNull();
            connector.echo("one");
            connector.echo("two");
            assertThat(client.getMessagesSent()).isEqualTo(2);
            assertThat(client.getMessagesReceived()).isEqualTo(2);
            assertThat(client.getBytesSent()).isEqualTo(6);
            assertThat(client.getBytesReceived()).isEqualTo(6);
            assertThat(client.getAttempts()).isEqualTo(1);
            assertThat(client.getOpened()).isEqualTo(1);
            assertThat(client.getInboundQueued()).isZero();

            assertThat(server.invoke(name, "close", null, null)).isEqualTo("echo: CLOSED");
            assertThat(connector.connection().state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(echo.awaitClientClose(1000, PATIENCE).closeReason().orElseThrow().getReasonPhrase())
                    .isEqualTo("closed by operator");

            assertThat(server.invoke(name, "open", null, null)).isEqualTo("echo: OPEN");
            assertThat(echo.awaitConnections(2, PATIENCE)).hasSize(2);

            assertThat(client.reconnect()).isEqualTo("echo: OPEN");
            assertThat(echo.awaitConnections(3, PATIENCE)).hasSize(3);
            assertThat(echo.connections().get(1).clientClosedWith(1000)).isTrue();
            connector.events().awaitEntered(ConnectionState.OPEN, 3);
            assertThat(connector.events().states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN,
                    ConnectionState.CLOSING, ConnectionState.CLOSED, ConnectionState.CONNECTING, ConnectionState.OPEN,
                    ConnectionState.CLOSING, ConnectionState.CLOSED, ConnectionState.CONNECTING, ConnectionState.OPEN);

            echo.stop();
            await().atMost(PATIENCE).until(() -> client.getReconnects() >= 2);
            assertThat(client.getState()).isEqualTo("RECONNECTING");
            assertThat(client.getLastFailureClass()).startsWith("org.wsconnector.");
            assertThat(client.getLastFailureMessage()).isNotBlank();
            assertThat(client.getLastFailureTime()).isNotNull();
            assertThat(client.getOpened()).isEqualTo(3);
            assertThat(client.getClosed()).isEqualTo(3);
            assertThat(client.getDeadPeers()).isZero();
            assertThat(client.getOpenFailures()).isPositive().isEqualTo(client.getAttempts() - 3);
            assertThat(client.getOpenFailuresByClass()).containsKey("org.wsconnector.ConnectFailedException");
            assertThat(attributeValues(name)).noneMatch(value -> String.valueOf(value).contains(SECRET));
        }
    }

    @Test
    void anOperationThatFailsThrowsAJdkExceptionNamingTheFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (ConnectorUnderTest connector = ConnectorUnderTest.client("gone", "uri",
                "ws://127.0.0.1:" + closedPort + "/", "connection-type", "on-demand", "reconnect.attempts", "1")) {
            ObjectName name = JmxNames.client(application(connector), "gone");
            Throwable thrown = catchThrowable(() -> server.invoke(name, "open", null, null));
            assertThat(thrown).isInstanceOf(RuntimeMBeanException.class);
            Throwable target = ((RuntimeMBeanException) thrown).getTargetException();
            assertThat(target).isExactlyInstanceOf(IllegalStateException.class).hasNoCause();
            assertThat(target.getMessage()).startsWith("gone: open failed: org.wsconnector.ConnectFailedException")
                    .endsWith("; state FAILED");
        }
    }

    @Test
    void theConnectorListsItsClientsAndClosingUnregistersEveryName() throws Exception {
        try (EchoServer echo = EchoServer.builder().start()) {
            Map<String, String> properties = new LinkedHashMap<>(properties("one", "uri", echo.uri()));
            properties.putAll(properties("two", "uri", echo.uri(), "connection-type", "on-demand"));
            ConnectorUnderTest connector = ConnectorUnderTest.withProperties(properties);
            String application;
            try (connector) {
                connector.connection("one").awaitOpen(PATIENCE);
                application = application(connector);
                CompositeData[] clients = (CompositeData[]) server.getAttribute(JmxNames.connector(application),
                        "Clients");
                assertThat(clients).extracting(client -> client.get("name") + " " + client.get("state"))
                        .containsExactly("one OPEN", "two CLOSED");
                assertThat(server.queryNames(JmxNames.clientsOf(application), null)).containsExactlyInAnyOrder(
                        JmxNames.client(application, "one"), JmxNames.client(application, "two"));
            }
            assertThat(server.queryNames(JmxNames.clientsOf(application), null)).isEmpty();
            assertThat(server.isRegistered(JmxNames.connector(application))).isFalse();
        }
    }

    @Test
    void reloadThroughTheConnectorsViewFollowsAddedAndRemovedClientsAndRefusesAnInvalidConfiguration()
            throws Exception {
        try (EchoServer echo = EchoServer.builder().start()) {
            Map<String, String> before = new LinkedHashMap<>(properties("kept", "uri", echo.uri()));
            before.putAll(properties("dropped", "uri", echo.uri()));
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(before)) {
                String application = application(connector);
                ObjectName view = JmxNames.connector(application);
                Throwable noSource = catchThrowable(() -> server.invoke(view, "reload", null, null));
                assertThat(((RuntimeMBeanException) noSource).getTargetException())
                        .isExactlyInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no configuration source");
                Map<String, String> next = new LinkedHashMap<>(properties("kept", "uri", echo.uri()));
                next.putAll(properties("added", "uri", echo.uri()));
                Map<String, String> source = new LinkedHashMap<>(next);
                connector.connector().configurationSource(() -> ConnectorConfiguration.readValid(source, Map.of()));

                assertThat(server.invoke(view, "reload", null, null)).isEqualTo("added [added], removed [dropped], "
                        + "reconnected [], changed in place [], unchanged [kept]");
                assertThat(server.queryNames(JmxNames.clientsOf(application), null)).containsExactlyInAnyOrder(
                        JmxNames.client(application, "kept"), JmxNames.client(application, "added"));
                await().atMost(PATIENCE).until(() -> "OPEN".equals(
                        server.getAttribute(JmxNames.client(application, "added"), "State")));

                source.put("websocket.client.kept.connection-timeout", "10");
                source.remove("websocket.client.added.uri");
                source.put("websocket.client.added.ping.interval", "1s");
                Throwable invalid = catchThrowable(() -> server.invoke(view, "reload", null, null));
                assertThat(((RuntimeMBeanException) invalid).getTargetException())
                        .isExactlyInstanceOf(IllegalStateException.class).hasNoCause()
                        .hasMessageStartingWith("nothing changed: the configuration is invalid: WSCFG")
                        .hasMessageContaining("WSCFG0001").hasMessageContaining("WSCFG0101");
                assertThat(server.queryNames(JmxNames.clientsOf(application), null)).hasSize(2);
            }
        }
    }

    @Test
    void aSecondConnectorInTheSameJvmRegistersUnderASuffixedApplication() throws Exception {
        try (EchoServer echo = EchoServer.builder().start();
             ConnectorUnderTest first = ConnectorUnderTest.client("echo", "uri", echo.uri());
             ConnectorUnderTest second = ConnectorUnderTest.client("echo", "uri", echo.uri())) {
            assertThat(application(second)).isNotEqualTo(application(first)).startsWith(application(first) + "-");
            assertThat(server.isRegistered(JmxNames.client(application(first), "echo"))).isTrue();
            assertThat(server.isRegistered(JmxNames.client(application(second), "echo"))).isTrue();
        }
    }

    @Test
    void jmxEnabledFalseRegistersNothing() {
        Map<String, String> properties = new LinkedHashMap<>(properties("quiet", "uri", "ws://127.0.0.1:9/"));
        properties.put("websocket.connector.jmx.enabled", "false");
        int before = server.queryNames(JmxNames.clientsOf("*"), null).size();
        try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(properties)) {
            assertThat(connector.connector().jmx()).isEmpty();
            assertThat(server.queryNames(JmxNames.clientsOf("*"), null)).hasSize(before);
        }
    }

    private static String application(ConnectorUnderTest connector) {
        return connector.connector().jmx().orElseThrow().application();
    }

    private Object[] attributeValues(ObjectName name) throws Exception {
        String[] attributes = Arrays.stream(server.getMBeanInfo(name).getAttributes()).map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        assertThat(attributes).hasSizeGreaterThanOrEqualTo(22);
        return server.getAttributes(name, attributes).asList().stream().map(javax.management.Attribute::getValue)
                .toArray();
    }
}
