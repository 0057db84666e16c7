package org.wsconnector.cdi;

import org.junit.jupiter.api.Test;
import org.wsconnector.testbed.EchoServer;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.cdi.BootFailures.configurationFailure;

/**
 * A Weld SE application gets the JMX view with its connector: registered when the application scope starts, gone
 * when the container shuts down; {@code websocket.connector.jmx.enabled} turns it off and is validated at boot.
 */
class JmxViewBootTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void theViewLivesAsLongAsTheContainer() throws Exception {
        try (EchoServer echo = EchoServer.builder().start()) {
            ObjectName client;
            try (WeldBoot boot = WeldBoot.start(Map.of("websocket.client.feed.uri", echo.uri().toString()))) {
                Set<ObjectName> clients = server.queryNames(new ObjectName("org.wsconnector:type=Client,name=feed,*"),
                        null);
                assertThat(clients).hasSize(1);
                client = clients.iterator().next();
                await().atMost(PATIENCE).until(() -> "OPEN".equals(server.getAttribute(client, "State")));
                assertThat(server.isRegistered(new ObjectName("org.wsconnector:type=Connector,application="
                        + client.getKeyProperty("application")))).isTrue();
            }
            assertThat(server.isRegistered(client)).isFalse();
            assertThat(server.queryNames(new ObjectName("org.wsconnector:*"), null)).isEmpty();
        }
    }

    @Test
    void jmxEnabledFalseRegistersNothingAndABadValueFailsTheBoot() throws Exception {
        try (WeldBoot boot = WeldBoot.start(Map.of("websocket.client.feed.uri", "ws://127.0.0.1:9/",
                "websocket.client.feed.connection-type", "on-demand", "websocket.connector.jmx.enabled", "false"))) {
            assertThat(server.queryNames(new ObjectName("org.wsconnector:*"), null)).isEmpty();
        }
        assertThat(configurationFailure(Map.of("websocket.client.feed.uri", "ws://127.0.0.1:9/",
                "websocket.connector.jmx.enabled", "on")).getMessage())
                .contains("WSCFG0105: connector key websocket.connector.jmx.enabled, value 'on': not a boolean");
    }
}
