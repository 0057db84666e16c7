package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.ReloadReport;
import org.wsconnector.impl.jmx.JmxNames;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.LoneClusterMember;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;
import static org.wsconnector.impl.ConnectorUnderTest.configuration;
import static org.wsconnector.impl.ConnectorUnderTest.properties;

/**
 * A reload and the cluster (README "Cluster", reload), with a real JGroups member alone in its cluster and real echo
 * servers: a one-member client the reload adds is clustered like those of the boot, a client the reload makes
 * one-member closes with 1001 where another member (or none) holds it, and one it makes every-member opens again.
 * With quorum 2, the lone member is below the quorum: it holds nothing, so every one-member client stands by, and
 * its status, JMX view and CLOSED event say so.
 */
class ClusterReloadTest {
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void aOneMemberClientAReloadAddsStandsByWithTheClientsOfTheBootInsteadOfOpeningOnEveryMember() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> cluster = LoneClusterMember.keys("reload", 2);
            Map<String, String> boot = new LinkedHashMap<>(cluster);
            boot.putAll(properties("booted", "uri", server.uri(), "cluster.ownership", "one-member"));
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(boot)) {
                connector.connector().joinCluster(configuration(boot).cluster());
                connector.connector().startPersistentClients();
                assertThat(connector.connection("booted").status().heldBy()).contains(ConnectionStatus.NO_HOLDER);

                Map<String, String> next = new LinkedHashMap<>(boot);
                next.putAll(properties("added", "uri", server.uri(), "cluster.ownership", "one-member"));
                next.putAll(properties("plain", "uri", server.uri()));
                ReloadReport report = connector.connector().reload(configuration(next));

                assertThat(report.added()).containsExactly("added", "plain");
                connector.connection("plain").awaitOpen(PATIENCE);
                server.awaitOpenSessions(1, PATIENCE); // the server records a session a moment after the client
                assertThat(connector.connection("added").status().heldBy()).contains(ConnectionStatus.NO_HOLDER);
                assertThat(connector.connection("added").state()).isEqualTo(CLOSED);
                ObjectName view = JmxNames.client(application(connector), "added");
                assertThat(jmx.getAttribute(view, "Standby")).isEqualTo(true);
                assertThat(jmx.getAttribute(view, "HeldBy")).isEqualTo(ConnectionStatus.NO_HOLDER);
                ObjectName plain = JmxNames.client(application(connector), "plain");
                assertThat(jmx.getAttribute(plain, "Standby")).isEqualTo(false);
                assertThat(jmx.getAttribute(plain, "HeldBy")).isNull();
                assertThat(server.connections()).as("only the every-member client connected").hasSize(1);
                assertThat(connector.events("added").states()).as("a client on standby from its start").isEmpty();
            }
        }
    }

    @Test
    void aReloadThatMakesAnOpenClientOneMemberClosesItWith1001AndBackToEveryMemberOpensIt() throws Exception {
        try (EchoServer server = EchoServer.builder().start()) {
            Map<String, String> boot = properties("ari", "uri", server.uri());
            try (ConnectorUnderTest connector = ConnectorUnderTest.withProperties(boot)) {
                connector.connector().startPersistentClients();
                connector.connection("ari").awaitOpen(PATIENCE);
                connector.events("ari").awaitEntered(OPEN);

                // No cluster at boot: the reload joins one, alone and below its quorum of 2, so nobody holds ari.
                Map<String, String> oneMember = new LinkedHashMap<>(LoneClusterMember.keys("reload", 2));
                oneMember.putAll(properties("ari", "uri", server.uri(), "cluster.ownership", "one-member"));
                ReloadReport report = connector.connector().reload(configuration(oneMember));

                assertThat(report.unchanged()).as("the connection's own keys did not change").containsExactly("ari");
                assertThat(server.awaitClientClose(1001, PATIENCE).closeReason().orElseThrow().getReasonPhrase())
                        .isEqualTo("held by another cluster member");
                ConnectionStateChanged closed = connector.events("ari").awaitEntered(CLOSED);
                assertThat(closed.standby()).isTrue();
                assertThat(closed.heldBy()).contains(ConnectionStatus.NO_HOLDER);
                ObjectName view = JmxNames.client(application(connector), "ari");
                assertThat(jmx.getAttribute(view, "Standby")).isEqualTo(true);

                connector.connector().reload(configuration(boot));

                connector.events("ari").awaitEntered(OPEN, 2);
                assertThat(connector.connection("ari").status().heldBy()).isEmpty();
                assertThat(jmx.getAttribute(view, "Standby")).isEqualTo(false);
                server.awaitOpenSessions(1, PATIENCE);
                assertThat(server.connections()).as("the first connection and the one after the reload").hasSize(2);
                assertThat(connector.events("ari").events()).filteredOn(change -> change.current() != CLOSED)
                        .allSatisfy(change -> assertThat(change.heldBy()).isEmpty());
            }
        }
    }

    private static String application(ConnectorUnderTest connector) {
        return connector.connector().jmx().orElseThrow().application();
    }
}
