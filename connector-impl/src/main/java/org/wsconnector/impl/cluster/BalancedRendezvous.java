package org.wsconnector.impl.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The assignment of clients to members: a pure function of the two sets, so that every member that sees the same
 * members computes the same owners without talking to the others.
 *
 * <p>Rendezvous (highest random weight) hashing with bounded loads: every (client, member) pair gets a stable
 * pseudo-random score; the pairs are taken best score first, and a client goes to the member of its best pair that
 * still has room. Room is {@code floor(clients / members)} per member, plus one for as many members as the division
 * leaves over, so the spread is always even (6 over 3 is 2/2/2, 7 over 3 is 3/2/2). Without the bound, plain
 * rendezvous hashing would move only the clients of a member that leaves, but could put 4 of 6 on one member; with
 * it, a change of members still moves few clients besides those it must (measured in {@code
 * BalancedRendezvousTest}), because each client keeps preferring the same members in the same order.
 */
public final class BalancedRendezvous {
    private BalancedRendezvous() {
    }

    /** The owner of every client, by client; empty when there are no members. */
    public static Map<String, String> assign(Collection<String> clients, Collection<String> members) {
        Map<String, String> owners = new TreeMap<>();
        if (members.isEmpty() || clients.isEmpty()) {
            return owners;
        }
        List<String> sortedClients = new ArrayList<>(new TreeSet<>(clients));
        List<String> sortedMembers = new ArrayList<>(new TreeSet<>(members));
        int floor = sortedClients.size() / sortedMembers.size();
        int extras = sortedClients.size() % sortedMembers.size();
        List<Pair> pairs = new ArrayList<>(sortedClients.size() * sortedMembers.size());
        for (String client : sortedClients) {
            for (String member : sortedMembers) {
                pairs.add(new Pair(client, member, score(client, member)));
            }
        }
        // Ties (a 64-bit collision) are broken by the names, so the order is total and the same on every member.
        pairs.sort(Comparator.comparingLong(Pair::score).reversed().thenComparing(Pair::client)
                .thenComparing(Pair::member));
        Map<String, Integer> load = new HashMap<>();
        int extrasTaken = 0;
        for (Pair pair : pairs) {
            if (owners.containsKey(pair.client())) {
                continue;
            }
            int held = load.getOrDefault(pair.member(), 0);
            boolean takesExtra = held == floor;
            if (held < floor || takesExtra && extrasTaken < extras) {
                owners.put(pair.client(), pair.member());
                load.put(pair.member(), held + 1);
                extrasTaken += takesExtra ? 1 : 0;
            }
        }
        return owners;
    }

    /** A stable 64-bit score (FNV-1a over both names, then a SplitMix64 finish to spread the bits). */
    static long score(String client, String member) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : (client + '\u0000' + member).getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }

    private record Pair(String client, String member, long score) {
    }
}
