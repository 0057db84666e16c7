package org.wsconnector.impl.jgroups;

import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * When this member last received anything from each other member: JGroups's own heartbeats (FD_ALL3, every second)
 * and every other message, as the transport hands them up. It sits directly above the transport, passes everything
 * on unchanged and sends nothing of its own. {@link JGroupsOwnership} counts toward the quorum only the members of a
 * view heard from within {@link #silence}: JGroups excludes the members a partition cut off one view at a time,
 * so a member cut off alone may install a view that still lists an unreachable member, and must not hold (let alone
 * take over) a client on it. Thread-safe.
 */
final class HeardFrom extends Protocol {
    private final Map<Address, Long> lastHeard = new ConcurrentHashMap<>();
    private final long silence;
    private final LongSupplier clock;
    private volatile Runnable heardAgain = () -> { };

    /** @param clock {@link System#nanoTime} but in tests */
    HeardFrom(Duration silence, LongSupplier clock) {
        this.silence = silence.toNanos();
        this.clock = clock;
    }

    /** Runs {@code listener}, on a JGroups thread, when a member is heard from after a silence or the first time. */
    void onHeardAgain(Runnable listener) {
        heardAgain = listener;
    }

    /** Members that just came into the view count as heard from now: joining or merging, they just spoke to some. */
    void arrived(Collection<Address> newcomers) {
        long now = clock.getAsLong();
        newcomers.forEach(member -> lastHeard.merge(member, now, Math::max));
    }

    /** Forgets the members that are no longer in the view. */
    void retain(Collection<Address> members) {
        lastHeard.keySet().retainAll(members);
    }

    boolean heardWithinSilence(Address member) {
        Long last = lastHeard.get(member);
        return last != null && clock.getAsLong() - last <= silence;
    }

    @Override
    public Object up(Message message) {
        heard(message.getSrc());
        return up_prot.up(message);
    }

    @Override
    public void up(MessageBatch batch) {
        heard(batch.sender());
        up_prot.up(batch);
    }

    /** Records a message from {@code sender}. */
    void heard(Address sender) {
        if (sender == null) {
            return;
        }
        long now = clock.getAsLong();
        Long before = lastHeard.put(sender, now);
        if (before == null || now - before > silence) {
            heardAgain.run();
        }
    }
}
