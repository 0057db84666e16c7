package org.wsconnector.cdi;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.testbed.ClusterMembers;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.testbed.ClusterMembers.openHolders;

/**
 * The cluster through CDI, as an SE application runs it: member JVMs each booting Weld SE with the connector's
 * extension and MicroProfile Config ({@link WeldClusterMember}; JGroups on loopback) hold six one-member clients of
 * one echo server. Each client is open exactly once, 2/2/2, and the application bean of each member
 * ({@link StatePrinter}) sees it in the state events qualified per client: OPEN where the server sees the client
 * open, CLOSED naming the holder where the member gave it up. A {@code kill -9} moves the killed member's clients to
 * the others within the README's bound, each opened once; a graceful stop (Weld's container shutdown) closes the
 * stopped member's clients with 1001 while its beans are alive, and the last member opens them. Quorum 1, so that
 * the last member alone holds them all (the quorum is tested by connector-impl's {@code ClusterPartitionTest}).
 */
class WeldClusterTest {
    private static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4", "c5", "c6");
    /** JVMs booting Weld SE and joining on a shared two-core machine, with a planned move's close-timeout (2 s). */
    private static final Duration FORMATION = Duration.ofSeconds(60);
    /** README "Cluster": the test bound of a takeover (FD_SOCK2 at once, VERIFY_SUSPECT2 1 s, the view, the opens). */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    /** The events reach the observers on the delivery lanes, a moment after the server saw the session change. */
    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(20);

    @Test
    void weldMembersHoldEachClientOnceTellTheirBeansAndHandTheClientsOverAfterAKillAndAShutdown() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ClusterMembers members = new ClusterMembers(WeldClusterMember.class, "weld", server.uri(), CLIENTS, 1)) {
            // One member first: it holds all six, so the two that join take four from it (CLOSED, held by them).
            String first = members.start(1).get(0);
            awaitLoads(server, members, FORMATION, Map.of(first, 6L));
            List<String> joined = members.start(2);
            awaitLoads(server, members, FORMATION, Map.of(first, 2L, joined.get(0), 2L, joined.get(1), 2L));
            awaitBeansSeeTheServersHolders(server, members, members.alive());
            for (String client : CLIENTS) {
                if (!holder(server, client).equals(first)) {
                    assertThat(last(members.output(first), client).heldBy()).as("%s given up by %s", client, first)
                            .get().isIn(joined);
                }
            }

            String killed = joined.get(0);
            List<String> survivors = List.of(first, joined.get(1));
            Map<String, Integer> marks = outputLengths(members, survivors);
            List<String> killedClients = clientsOf(server, killed);
            long killedAt = System.nanoTime();
            members.kill(killed);
            awaitLoads(server, members, TAKEOVER_BOUND, Map.of(survivors.get(0), 3L, survivors.get(1), 3L));
            long takeover = millisSince(killedAt);
            awaitOneOpenEach(members, marks, killedClients);
            awaitBeansSeeTheServersHolders(server, members, survivors);

            String stopped = survivors.get(1);
            String last = survivors.get(0);
            List<ConnectionSnapshot> stoppedSessions = server.connections().stream().filter(ConnectionSnapshot::open)
                    .filter(session -> session.header(ClusterMembers.MEMBER_HEADER).orElse("").equals(stopped))
                    .toList();
            marks = outputLengths(members, List.of(last, stopped));
            long stoppedAt = System.nanoTime();
            assertThat(members.stop(stopped)).as("exit status of %s after its container shut down", stopped)
                    .isZero();
            awaitLoads(server, members, TAKEOVER_BOUND, Map.of(last, 6L));
            long handover = millisSince(stoppedAt);
            assertClosedWith1001WhileBeansLived(server, members.output(stopped).substring(marks.get(stopped)),
                    stoppedSessions);
            awaitOneOpenEach(members, Map.of(last, marks.get(last)), clientsOf(stoppedSessions));
            awaitBeansSeeTheServersHolders(server, members, List.of(last));
            System.out.println("Weld SE cluster: takeover " + takeover + " ms after kill -9, " + handover
                    + " ms after the graceful stop began");
        }
    }

    /**
     * Until every client is open exactly once at the server, held as {@code expected} says; fails at once when a
     * client is open on two living members (a killed member's sessions may linger at the server for a moment).
     */
    private static void awaitLoads(EchoServer server, ClusterMembers members, Duration bound,
                                   Map<String, Long> expected) {
        await().atMost(bound).pollInterval(POLL)
                .failFast("a client open on two living members at once", () -> openHolders(server).values().stream()
                        .anyMatch(holders -> holders.stream().filter(members.alive()::contains).count() > 1))
                .untilAsserted(() -> assertThat(loads(openHolders(server)))
                        .as("clients held per member; open sessions by client: %s", openHolders(server))
                        .contains(new TreeMap<>(expected)));
    }

    /** Members by the number of clients they hold, when every client is open exactly once; else empty. */
    private static Optional<Map<String, Long>> loads(Map<String, List<String>> open) {
        if (!open.keySet().equals(Set.copyOf(CLIENTS)) || open.values().stream().anyMatch(hs -> hs.size() != 1)) {
            return Optional.empty();
        }
        return Optional.of(open.values().stream()
                .collect(Collectors.groupingBy(holders -> holders.get(0), TreeMap::new, Collectors.counting())));
    }

    /**
     * Until the application bean of each of {@code living} has seen, as the last event of each client, OPEN for
     * exactly the clients the server sees it holding and CLOSED for the others it had events of; every event
     * qualified with its own client's name.
     */
    private static void awaitBeansSeeTheServersHolders(EchoServer server, ClusterMembers members, List<String> living) {
        await().atMost(DELIVERY).pollInterval(POLL).untilAsserted(() -> {
            for (String member : living) {
                List<StateLine> lines = StateLine.in(members.output(member));
                assertThat(lines).allSatisfy(line -> assertThat(line.qualifier()).isEqualTo(line.client()));
                Map<String, ConnectionState> lastStates = new HashMap<>();
                lines.forEach(line -> lastStates.put(line.client(), line.state()));
                Set<String> openHere = lastStates.entrySet().stream()
                        .filter(entry -> entry.getValue() == ConnectionState.OPEN).map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
                assertThat(openHere).as("clients OPEN in the last event %s's bean saw", member)
                        .isEqualTo(Set.copyOf(clientsOf(server, member)));
                assertThat(lastStates).as("last events at %s", member).allSatisfy((client, state) ->
                        assertThat(state).isIn(ConnectionState.OPEN, ConnectionState.CLOSED));
            }
        });
    }

    /** Until the beans of {@code members} since their marks have seen each client OPEN once, the whole set once. */
    private static void awaitOneOpenEach(ClusterMembers members, Map<String, Integer> marks, List<String> clients) {
        await().atMost(DELIVERY).pollInterval(POLL).untilAsserted(() -> {
            Map<String, Long> opens = new TreeMap<>();
            for (Map.Entry<String, Integer> mark : marks.entrySet()) {
                StateLine.in(members.output(mark.getKey()).substring(mark.getValue())).stream()
                        .filter(line -> line.state() == ConnectionState.OPEN)
                        .forEach(line -> opens.merge(line.client(), 1L, Long::sum));
            }
            assertThat(opens).as("OPEN events since the mark, by client").containsAllEntriesOf(clients.stream()
                    .collect(Collectors.toMap(client -> client, client -> 1L)));
        });
    }

    /**
     * The stopped member's sessions closed by the client with 1001, and its bean saw each of them CLOSED before the
     * container destroyed it.
     */
    private static void assertClosedWith1001WhileBeansLived(EchoServer server, String output,
                                                            List<ConnectionSnapshot> sessions) {
        Set<String> ids = sessions.stream().map(ConnectionSnapshot::sessionId).collect(Collectors.toSet());
        await().atMost(DELIVERY).pollInterval(POLL).untilAsserted(() -> assertThat(server.connections().stream()
                .filter(session -> ids.contains(session.sessionId())))
                .as("the stopped member's sessions").hasSize(sessions.size())
                .allSatisfy(session -> assertThat(session.clientClosedWith(1001))
                        .as("%s closed by the client with 1001: %s", session.sessionId(), session.closeReason())
                        .isTrue()));
        assertThat(output).contains(StatePrinter.DESTROYED).contains(WeldClusterMember.ENDED);
        String whileAlive = output.substring(0, output.indexOf(StatePrinter.DESTROYED));
        assertThat(StateLine.in(whileAlive).stream().filter(line -> line.state() == ConnectionState.CLOSED)
                .map(StateLine::client)).as("CLOSED events before the application bean was destroyed")
                .containsExactlyInAnyOrderElementsOf(clientsOf(sessions));
        assertThat(output.indexOf(StatePrinter.DESTROYED)).isLessThan(output.indexOf(WeldClusterMember.ENDED));
    }

    private static StateLine last(String output, String client) {
        List<StateLine> lines = StateLine.in(output).stream().filter(line -> line.client().equals(client)).toList();
        assertThat(lines).as("state events of %s", client).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    private static String holder(EchoServer server, String client) {
        return openHolders(server).get(client).get(0);
    }

    private static List<String> clientsOf(EchoServer server, String member) {
        return openHolders(server).entrySet().stream().filter(entry -> entry.getValue().contains(member))
                .map(Map.Entry::getKey).toList();
    }

    private static List<String> clientsOf(List<ConnectionSnapshot> sessions) {
        return sessions.stream().map(session -> session.header(ClusterMembers.CLIENT_HEADER).orElse("?")).toList();
    }

    private static Map<String, Integer> outputLengths(ClusterMembers members, List<String> names) throws IOException {
        Map<String, Integer> lengths = new TreeMap<>();
        for (String name : names) {
            lengths.put(name, members.output(name).length());
        }
        return lengths;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
