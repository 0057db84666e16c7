package org.wsconnector.impl.cluster;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BalancedRendezvousTest {
    private static final List<String> SIX = List.of("ari-1", "ari-2", "feed-a", "feed-b", "chat", "iot");
    private static final List<String> THREE = List.of("node-a", "node-b", "node-c");

    @Test
    void sixClientsOverThreeMembersAreTwoEach() {
        Map<String, String> owners = BalancedRendezvous.assign(SIX, THREE);

        assertThat(owners).containsOnlyKeys(SIX);
        assertThat(loads(owners).values()).containsExactly(2, 2, 2);
    }

    @Test
    void everyMemberComputesTheSameOwnersWhateverTheOrderItSeesTheNamesIn() {
        List<String> clients = new ArrayList<>(SIX);
        List<String> members = new ArrayList<>(THREE);
        Collections.reverse(clients);
        Collections.reverse(members);

        assertThat(BalancedRendezvous.assign(clients, members)).isEqualTo(BalancedRendezvous.assign(SIX, THREE));
    }

    @Test
    void theSpreadIsEvenForEveryCountOfClientsAndMembers() {
        for (int clientCount = 0; clientCount <= 25; clientCount++) {
            for (int memberCount = 1; memberCount <= 6; memberCount++) {
                Map<String, String> owners = BalancedRendezvous.assign(names("c", clientCount),
                        names("m", memberCount));
                assertThat(owners).hasSize(clientCount);
                List<Integer> counts = new ArrayList<>(loads(owners).values());
                IntStream.range(counts.size(), memberCount).forEach(empty -> counts.add(0));
                assertThat(Collections.max(counts) - Collections.min(counts)).as("%d over %d: %s", clientCount,
                        memberCount, counts).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aMemberLeavingMovesItsOwnClientsAndNoOtherInTheSixOverThreeCase() {
        Map<String, String> before = BalancedRendezvous.assign(SIX, THREE);
        for (String leaving : THREE) {
            List<String> rest = new ArrayList<>(THREE);
            rest.remove(leaving);
            Map<String, String> after = BalancedRendezvous.assign(SIX, rest);

            // 2 over 3 members become 3 over 2: the leaver's two move, and each of them to a member with room.
            assertThat(moved(before, after)).as("leaving %s", leaving)
                    .containsExactlyInAnyOrderElementsOf(clientsOf(before, leaving));
            assertThat(loads(after).values()).containsExactly(3, 3);
        }
    }

    @Test
    void aMemberJoiningTakesItsShareAndTheOthersOnlyGiveUpClients() {
        Map<String, String> before = BalancedRendezvous.assign(SIX, List.of("node-a", "node-b"));
        Map<String, String> after = BalancedRendezvous.assign(SIX, THREE);

        // Nothing moves between the old members: whatever moved went to the new one, which took exactly its share.
        assertThat(moved(before, after)).allSatisfy(client -> assertThat(after.get(client)).isEqualTo("node-c"))
                .hasSize(2);
    }

    /** Over many sizes: a change of one member moves at most twice the minimum (the clients that must move). */
    @Test
    void aChangeOfOneMemberMovesFewClientsOverManySizes() {
        int totalMoved = 0;
        int totalMinimum = 0;
        for (int clientCount = 1; clientCount <= 40; clientCount++) {
            for (int memberCount = 2; memberCount <= 6; memberCount++) {
                List<String> clients = names("client-", clientCount);
                List<String> members = names("member-", memberCount);
                Map<String, String> before = BalancedRendezvous.assign(clients, members);
                Map<String, String> after = BalancedRendezvous.assign(clients, members.subList(1, memberCount));
                int minimum = clientsOf(before, members.get(0)).size();
                totalMoved += moved(before, after).size();
                totalMinimum += minimum;
                assertThat(moved(before, after)).as("%d clients, %d members", clientCount, memberCount)
                        .containsAll(clientsOf(before, members.get(0)));
            }
        }
        assertThat(totalMoved).as("moved over all cases, against the %d that had to", totalMinimum)
                .isLessThanOrEqualTo(2 * totalMinimum);
    }

    @Test
    void noMembersNoOwners() {
        assertThat(BalancedRendezvous.assign(SIX, List.of())).isEmpty();
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static Map<String, Integer> loads(Map<String, String> owners) {
        Map<String, Integer> loads = new TreeMap<>();
        owners.values().forEach(member -> loads.merge(member, 1, Integer::sum));
        return loads;
    }

    private static List<String> clientsOf(Map<String, String> owners, String member) {
        return owners.entrySet().stream().filter(entry -> entry.getValue().equals(member)).map(Map.Entry::getKey)
                .toList();
    }

    private static List<String> moved(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(client -> !before.get(client).equals(after.get(client))).toList();
    }
}
