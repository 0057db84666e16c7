package org.wsconnector.impl.jgroups;

import org.jgroups.Address;
import org.jgroups.View;
import org.jgroups.util.NameCache;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.testbed.FreePort;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quorum counts the members heard from, not only those listed: a real member (its own JGroups channel on
 * loopback, on a virtual clock) is handed the views a member cut off by a partition installs (ClusterPartitionTest
 * saw one cut off alone install a view that still listed an unreachable member, hold its clients on it and open
 * one it took over). The other member is an address no process answers for: JGroups would exclude a real one that
 * falls silent, and not at a time of the test's choosing.
 */
class SilentMemberQuorumTest {
    static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4");
    private static final Duration SILENCE = JGroupsStack.HEARTBEAT_TIMEOUT;

    @Test
    void aViewListingAMemberSilentLongerThanTheHeartbeatTimeoutHoldsNothingUntilThatMemberIsHeardFromAgain()
            throws Exception {
        AtomicLong clock = new AtomicLong();
        try (JGroupsOwnership self = JGroupsOwnership.join(CLIENTS, alone(2), clock::get)) {
            AtomicInteger changes = new AtomicInteger();
            self.onChange(changes::incrementAndGet);
            assertThat(CLIENTS).allMatch(client -> self.holder(client).isEmpty()); // alone below the quorum 2
            Address other = UUID.randomUUID();
            NameCache.add(other, "other");
            Address third = UUID.randomUUID();
            NameCache.add(third, "third");

            // Three members: the other two just arrived, so they count as heard from.
            self.viewAccepted(View.create(self.address(), 2, self.address(), other, third));
            assertThat(CLIENTS).allMatch(client -> self.holder(client).isPresent());
            assertThat(CLIENTS.stream().map(self::holder).map(Optional::orElseThrow)).contains(self.localMember());

            // Partition: nothing from either for longer than FD_ALL3's timeout; JGroups excludes 'third' first.
            clock.addAndGet(SILENCE.plusMillis(1).toNanos());
            int before = changes.get();
            self.viewAccepted(View.create(self.address(), 3, self.address(), other));
            assertThat(CLIENTS).as("on a view of two, one of them silent").allMatch(c -> self.holder(c).isEmpty());
            assertThat(self.members()).containsExactlyInAnyOrder(self.localMember(), "other");
            assertThat(changes.get()).as("the holding was told").isEqualTo(before + 1);

            // The other speaks again (the partition healed before JGroups excluded it): the view holds again.
            self.heardFrom().heard(other);
            assertThat(CLIENTS).allMatch(client -> self.holder(client).isPresent());
            assertThat(changes.get()).isEqualTo(before + 2);
        }
    }

    @Test
    void membersHeardFromWithinTheHeartbeatTimeoutCountAndHearingThemAgainChangesNothing() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (JGroupsOwnership self = JGroupsOwnership.join(CLIENTS, alone(2), clock::get)) {
            Address other = UUID.randomUUID();
            self.viewAccepted(View.create(self.address(), 2, self.address(), other));
            AtomicInteger changes = new AtomicInteger();
            self.onChange(changes::incrementAndGet);

            clock.addAndGet(SILENCE.minusMillis(1).toNanos());
            self.heardFrom().heard(other);
            clock.addAndGet(SILENCE.minusMillis(1).toNanos());
            self.viewAccepted(View.create(self.address(), 3, self.address(), other));

            assertThat(CLIENTS).allMatch(client -> self.holder(client).isPresent());
            assertThat(changes.get()).as("the owners did not change").isZero();
        }
    }

    /** A member alone in a cluster of its own on a free loopback port, with {@link #CLIENTS} one-member. */
    static ClusterSettings alone(int quorum) {
        int port = FreePort.onLoopback();
        return new ClusterSettings(Set.copyOf(CLIENTS), "silent-" + ProcessHandle.current().pid() + "-" + port,
                Optional.of("self"), "127.0.0.1", port, List.of(new ClusterSettings.HostPort("127.0.0.1", port)),
                quorum);
    }
}
