package org.wsconnector.impl.cluster;

import org.junit.jupiter.api.Test;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Three member JVMs ({@link ClusterMembers}), each with its own JGroups stack on loopback, against one real echo
 * server: every one-member client is open exactly once, spread 2/2/2; a {@code kill -9} of a member moves its
 * clients to the others within {@link #TAKEOVER_BOUND}, never opening one twice; a new member takes its share back.
 * {@code -Dcluster.kills=N} repeats the kill N times (default 2) and prints each takeover time (bench/results).
 */
class ClusterTakeoverTest {
    private static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4", "c5", "c6");
    /** Three JVMs starting and joining on a shared two-core machine. */
    private static final Duration FORMATION = Duration.ofSeconds(60);
    /** README "Cluster": detection (FD_SOCK2 at once, VERIFY_SUSPECT2 1 s), a new view, then the open itself. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    /** FD_ALL3's 4 s without heartbeats, VERIFY_SUSPECT2's 1 s, a new view and the opens. */
    private static final Duration SUSPECTED_BOUND = Duration.ofSeconds(20);
    private static final int KILLS = Integer.getInteger("cluster.kills", 2);

    @Test
    void eachClientIsOpenOnceAcrossThreeMembersAndAKilledMembersClientsOpenOnTheOthers() throws Exception {
        List<Long> takeoverMillis = new ArrayList<>();
        try (EchoServer server = EchoServer.builder().start();
             ClusterMembers members = new ClusterMembers("killed", server.uri(), CLIENTS, 2)) {
            members.start(3);
            Map<String, List<String>> holders = await(server, FORMATION, "every client open once, 2/2/2",
                    open -> evenlyHeldOnce(open, members.alive()));
            for (int kill = 1; kill <= KILLS; kill++) {
                String victim = members.alive().get(0);
                List<String> itsClients = clientsOf(holders, victim);
                assertThat(itsClients).as("%s holds two clients", victim).hasSize(2);
                long killedAt = System.nanoTime();
                members.kill(victim);
                await(server, TAKEOVER_BOUND, "the clients of " + victim + " open on the others, each once",
                        open -> heldOnceWithout(open, victim));
                takeoverMillis.add((System.nanoTime() - killedAt) / 1_000_000);
                members.start(1);
                holders = await(server, FORMATION, "2/2/2 again after a member joined",
                        open -> evenlyHeldOnce(open, members.alive()));
            }
        }
        System.out.println("cluster takeover after kill -9 (ms): " + takeoverMillis);
        assertThat(takeoverMillis).hasSize(KILLS);
    }

    /**
     * SIGSTOP of a member: the others suspect it (FD_ALL3) and open its clients while its own connections are still
     * open at the server (the overlap a suspension causes); after SIGCONT, JGroups merges the views again (MERGE3)
     * and on the merged view exactly one member holds each client: the overlap ends within a bound.
     */
    @Test
    void aSuspendedMemberIsTakenOverAndClosesItsStaleConnectionsWhenItResumes() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ClusterMembers members = new ClusterMembers("stopped", server.uri(), CLIENTS, 2)) {
            members.start(3);
            await(server, FORMATION, "every client open once, 2/2/2", open -> evenlyHeldOnce(open, members.alive()));
            String stopped = members.alive().get(1);
            List<String> staleSessions = server.connections().stream().filter(ConnectionSnapshot::open)
                    .filter(connection -> connection.header(ClusterMembers.MEMBER_HEADER).orElse("").equals(stopped))
                    .map(ConnectionSnapshot::sessionId).toList();
            assertThat(staleSessions).hasSize(2);
            long stoppedAt = System.nanoTime();
            members.signal(stopped, "STOP");
            await(server, SUSPECTED_BOUND, "the clients of the stopped " + stopped + " open on the others too",
                    open -> open.values().stream().filter(holder -> holder.contains(stopped))
                            .filter(holder -> holder.size() == 2).count() == staleSessions.size());
            long takenOverAt = System.nanoTime();
            members.signal(stopped, "CONT");
            long resumedAt = System.nanoTime();
            await(server, SUSPECTED_BOUND, "one connection per client after " + stopped + " resumed",
                    ClusterTakeoverTest::heldOnce);
            long settledAt = System.nanoTime();
            System.out.printf("cluster SIGSTOP: takeover after %d ms; after SIGCONT, one holder per client again "
                    + "after %d ms%n", (takenOverAt - stoppedAt) / 1_000_000, (settledAt - resumedAt) / 1_000_000);
        }
    }

    /**
     * Polls the echo server every 20 ms until {@code done} holds for the open sessions, and fails at once if any
     * client has two open sessions while the members are not changing on purpose (a duplicate).
     */
    private static Map<String, List<String>> await(EchoServer server, Duration bound, String what,
                                                   Predicate<Map<String, List<String>>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, List<String>> open = openHolders(server);
        while (!done.test(open)) {
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what + "; open sessions by client: " + open);
            }
            Thread.sleep(20);
            open = openHolders(server);
        }
        return open;
    }

    private static boolean evenlyHeldOnce(Map<String, List<String>> open, List<String> members) {
        if (!heldOnce(open)) {
            return false;
        }
        Map<String, Integer> loads = new TreeMap<>();
        open.values().forEach(holder -> loads.merge(holder.get(0), 1, Integer::sum));
        return loads.keySet().equals(new java.util.TreeSet<>(members))
                && loads.values().stream().allMatch(load -> load == CLIENTS.size() / members.size());
    }

    private static boolean heldOnceWithout(Map<String, List<String>> open, String gone) {
        if (open.values().stream().anyMatch(holder -> holder.size() > 1 && !holder.contains(gone))) {
            fail("a client open on two living members at once: " + open);
        }
        return heldOnce(open) && open.values().stream().noneMatch(holder -> holder.contains(gone));
    }

    private static boolean heldOnce(Map<String, List<String>> open) {
        return open.keySet().equals(new java.util.TreeSet<>(CLIENTS))
                && open.values().stream().allMatch(holder -> holder.size() == 1);
    }

    private static List<String> clientsOf(Map<String, List<String>> holders, String member) {
        return holders.entrySet().stream().filter(entry -> entry.getValue().contains(member))
                .map(Map.Entry::getKey).toList();
    }

    /** The members holding an open session per client, as the upgrade headers name them. */
    private static Map<String, List<String>> openHolders(EchoServer server) {
        Map<String, List<String>> open = new TreeMap<>();
        for (ConnectionSnapshot connection : server.connections()) {
            if (connection.open()) {
                open.computeIfAbsent(connection.header(ClusterMembers.CLIENT_HEADER).orElse("?"),
                        client -> new ArrayList<>()).add(connection.header(ClusterMembers.MEMBER_HEADER).orElse("?"));
            }
        }
        return open;
    }
}
