package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster keys: defaults, values taken, and each bad value one problem naming its key, its default kept. */
class ClusterSectionTest {

    @Test
    void withoutClusterKeysEveryClientIsHeldByEveryMember() {
        ConfigProblems problems = new ConfigProblems();

        ClusterSettings settings = ClusterSection.read(Map.of("websocket.client.ari.uri", "ws://127.0.0.1:1/"),
                problems);

        assertThat(problems.problems()).isEmpty();
        assertThat(settings).isEqualTo(ClusterSettings.none());
        assertThat(settings.clustered()).isFalse();
    }

    @Test
    void theClusterKeysAreConnectorKeysThatOnlyTheClusterSectionReads() {
        ConfigProblems problems = new ConfigProblems();
        Map<String, String> properties = Map.of("websocket.connector.cluster.quorum", "2",
                "websocket.connector.jmx.enabled", "false");

        ConnectorKeys.read(properties, Map.of(), problems);

        assertThat(problems.problems()).isEmpty();
        assertThat(ClusterSection.read(properties, problems).quorum()).isEqualTo(2);
    }

    @Test
    void takesEveryKey() {
        ConfigProblems problems = new ConfigProblems();

        ClusterSettings settings = ClusterSection.read(Map.of(
                "websocket.client.ari.cluster.ownership", "one-member",
                "websocket.client.feed.cluster.ownership", " One-Member ",
                "websocket.client.chat.cluster.ownership", "every-member",
                "websocket.connector.cluster.name", "billing",
                "websocket.connector.cluster.member-name", "node-1",
                "websocket.connector.cluster.bind-address", "10.0.0.11",
                "websocket.connector.cluster.bind-port", "7900",
                "websocket.connector.cluster.initial-hosts", "10.0.0.11:7900, node-2.example:7900,[::1]:7901",
                "websocket.connector.cluster.quorum", "2"), problems);

        assertThat(problems.problems()).isEmpty();
        assertThat(settings).isEqualTo(new ClusterSettings(Set.of("ari", "feed"), "billing", Optional.of("node-1"),
                "10.0.0.11", 7900, List.of(new ClusterSettings.HostPort("10.0.0.11", 7900),
                new ClusterSettings.HostPort("node-2.example", 7900), new ClusterSettings.HostPort("[::1]", 7901)),
                2));
    }

    @Test
    void theBindPortLeavesRoomForFailureDetectionsPortsAbove() {
        ConfigProblems problems = new ConfigProblems();
        assertThat(ClusterSection.read(Map.of("websocket.client.ari.cluster.ownership", "one-member",
                "websocket.connector.cluster.bind-port", "65432"), problems).bindPort()).isEqualTo(65432);
        assertThat(problems.problems()).isEmpty();

        ClusterSection.read(Map.of("websocket.client.ari.cluster.ownership", "one-member",
                "websocket.connector.cluster.bind-port", "65433"), problems);

        assertThat(problems.messages()).singleElement().asString().contains("WSCFG0104")
                .contains("websocket.connector.cluster.bind-port").contains("65433").contains("1..65432");
    }

    @Test
    void eachBadValueIsOneProblemNamingItsKeyAndTheDefaultStays() {
        ConfigProblems problems = new ConfigProblems();

        ClusterSettings settings = ClusterSection.read(Map.of(
                "websocket.client.ari.cluster.ownership", "leader",
                "websocket.connector.cluster.name", "two words\" />",
                "websocket.connector.cluster.bind-address", "10.0.0.1\"><x",
                "websocket.connector.cluster.bind-port", "70000",
                "websocket.connector.cluster.initial-hosts", "10.0.0.1:7800,no-port",
                "websocket.connector.cluster.quorum", "many",
                "websocket.connector.cluster.qorum", "2"), problems);

        assertThat(problems.problems()).extracting(problem -> problem.code().id() + " "
                + problem.key().orElseThrow()).containsExactlyInAnyOrder(
                "WSCFG0106 websocket.client.ari.cluster.ownership",
                "WSCFG0110 websocket.connector.cluster.name",
                "WSCFG0110 websocket.connector.cluster.bind-address",
                "WSCFG0104 websocket.connector.cluster.bind-port",
                "WSCFG0109 websocket.connector.cluster.initial-hosts",
                "WSCFG0103 websocket.connector.cluster.quorum",
                "WSCFG0002 websocket.connector.cluster.qorum");
        assertThat(settings).isEqualTo(ClusterSettings.none());
    }
}
