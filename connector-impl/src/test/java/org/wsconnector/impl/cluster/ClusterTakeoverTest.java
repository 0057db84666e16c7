package org.wsconnector.impl.cluster;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.wsconnector.testbed.ClusterMembers;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.wsconnector.testbed.ClusterMembers.openHolders;

/**
 * Three member JVMs ({@link ClusterMembers} of {@link ClusterMember}), each with its own JGroups stack on loopback,
 * against one real echo server: every one-member client is open exactly once, spread 2/2/2; a {@code kill -9} of a
 * member moves its clients to the others within {@link #TAKEOVER_BOUND}, never opening one twice; a new member takes
 * its share back.
 * {@code -Dcluster.kills=N} repeats the kill N times (default 2) and prints each takeover time (bench/results).
 */
class ClusterTakeoverTest {
    static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4", "c5", "c6");
    /** Three JVMs starting and joining on a shared two-core machine. */
    static final Duration FORMATION = Duration.ofSeconds(60);
    /** README "Cluster": detection (FD_SOCK2 at once, VERIFY_SUSPECT2 1 s), a new view, then the open itself. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);
    /** FD_ALL3's 4 s without heartbeats, VERIFY_SUSPECT2's 1 s, a new view and the opens. */
    private static final Duration SUSPECTED_BOUND = Duration.ofSeconds(20);
    private static final int KILLS = Integer.getInteger("cluster.kills", 2);
    private static final int STOPS = Integer.getInteger("cluster.stops", 1);
    /**
     * SIGCONT to the stale connections closed at the server: the pause guard ticks every 200 ms, then the 1001
     * close; generous for a loaded machine, and well below the merge (MERGE3, seconds), which the test orders after.
     */
    private static final Duration RESUMED_BOUND = Duration.ofSeconds(5);
    /** How often the echo server and the members' output are read: the resolution of every time measured. */
    private static final Duration POLL = Duration.ofMillis(20);
    /** What the member logs when its pause guard noticed the pause, and when it installs a merged view. */
    private static final String PAUSED_LOG = "this process was paused for";
    private static final String MERGED_LOG = "(merged): members";

    @Test
    void eachClientIsOpenOnceAcrossThreeMembersAndAKilledMembersClientsOpenOnTheOthers() throws Exception {
        List<Long> takeoverMillis = new ArrayList<>();
        try (EchoServer server = EchoServer.builder().start();
             ClusterMembers members = new ClusterMembers(ClusterMember.class, "killed", server.uri(), CLIENTS, 2)) {
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
     * open at the server (the overlap a suspension causes). After SIGCONT, its pause guard notices the pause and it
     * closes those stale connections at once, before JGroups merges the views again (MERGE3); on the merged view
     * exactly one member holds each client. {@code -Dcluster.stops=N} repeats it N times (default 1) and prints the
     * gap (SIGSTOP to the others open) and the overlap (SIGCONT to the stale connections closed) of each round.
     */
    @Test
    void aSuspendedMemberIsTakenOverAndClosesItsStaleConnectionsAsSoonAsItResumes() throws Exception {
        List<String> rounds = new ArrayList<>();
        try (EchoServer server = EchoServer.builder().start();
             ClusterMembers members = new ClusterMembers(ClusterMember.class, "stopped", server.uri(), CLIENTS, 2)) {
            members.start(3);
            for (int round = 1; round <= STOPS; round++) {
                await(server, FORMATION, "every client open once, 2/2/2",
                        open -> evenlyHeldOnce(open, members.alive()));
                String stopped = members.alive().get(round % members.alive().size());
                Set<String> stale = server.connections().stream().filter(ConnectionSnapshot::open)
                        .filter(connection -> connection.header(ClusterMembers.MEMBER_HEADER).orElse("")
                                .equals(stopped))
                        .map(ConnectionSnapshot::sessionId).collect(Collectors.toSet());
                assertThat(stale).hasSize(2);
                long stoppedAt = System.nanoTime();
                members.signal(stopped, "STOP");
                await(server, SUSPECTED_BOUND, "the clients of the stopped " + stopped + " open on the others too",
                        open -> open.values().stream().filter(holder -> holder.contains(stopped))
                                .filter(holder -> holder.size() == 2).count() == stale.size());
                long takenOverAt = System.nanoTime();
                int logBefore = members.output(stopped).length();
                members.signal(stopped, "CONT");
                long resumedAt = System.nanoTime();
                // Awaitility polls every 20 ms from the start: the overlap measured is the close, not the poll delay.
                Awaitility.await("the stale sessions " + stale + " closed after SIGCONT").atMost(RESUMED_BOUND)
                        .pollDelay(Duration.ZERO).pollInterval(POLL)
                        .until(() -> server.connections().stream().filter(ConnectionSnapshot::open)
                                .map(ConnectionSnapshot::sessionId).noneMatch(stale::contains));
                long closedAt = System.nanoTime();
                String sinceResumed = members.output(stopped).substring(logBefore);
                assertThat(sinceResumed).as("the stale connections closed before the merged view")
                        .contains(PAUSED_LOG).doesNotContain(MERGED_LOG);
                await(server, SUSPECTED_BOUND, "one connection per client after " + stopped + " resumed",
                        ClusterTakeoverTest::heldOnce);
                long heldOnceAt = System.nanoTime();
                Awaitility.await(stopped + " printed '" + MERGED_LOG + "'").atMost(SUSPECTED_BOUND)
                        .pollDelay(Duration.ZERO).pollInterval(POLL)
                        .until(() -> members.output(stopped).substring(logBefore).contains(MERGED_LOG));
                long mergedAt = System.nanoTime();
                rounds.add(String.format("gap %d ms, overlap %d ms, one holder per client %d ms and merged view %d "
                        + "ms after SIGCONT", (takenOverAt - stoppedAt) / 1_000_000, (closedAt - resumedAt) / 1_000_000,
                        (heldOnceAt - resumedAt) / 1_000_000, (mergedAt - resumedAt) / 1_000_000));
            }
        }
        System.out.println("cluster SIGSTOP rounds: " + rounds);
        assertThat(rounds).hasSize(STOPS);
    }

    /**
     * Polls the echo server every 20 ms until {@code done} holds for the open sessions, and fails at once if any
     * client has two open sessions while the members are not changing on purpose (a duplicate).
     */
    static Map<String, List<String>> await(EchoServer server, Duration bound, String what,
                                           Predicate<Map<String, List<String>>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        Map<String, List<String>> open = openHolders(server);
        while (!done.test(open)) {
            if (System.nanoTime() > deadline) {
                fail("not within " + bound + ": " + what + "; open sessions by client: " + open);
            }
            Thread.sleep(POLL.toMillis());
            open = openHolders(server);
        }
        return open;
    }

    static boolean evenlyHeldOnce(Map<String, List<String>> open, List<String> members) {
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

    static boolean heldOnce(Map<String, List<String>> open) {
        return open.keySet().equals(new java.util.TreeSet<>(CLIENTS))
                && open.values().stream().allMatch(holder -> holder.size() == 1);
    }

    static List<String> clientsOf(Map<String, List<String>> holders, String member) {
        return holders.entrySet().stream().filter(entry -> entry.getValue().contains(member))
                .map(Map.Entry::getKey).toList();
    }
}
