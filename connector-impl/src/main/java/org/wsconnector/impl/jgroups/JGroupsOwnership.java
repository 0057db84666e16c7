package org.wsconnector.impl.jgroups;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.wsconnector.impl.cluster.BalancedRendezvous;
import org.wsconnector.impl.cluster.Ownership;
import org.wsconnector.impl.cluster.PauseGuard;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.SafeText;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Ownership} from a JGroups view: the members of the view, by logical name, and {@link BalancedRendezvous}
 * over them. JGroups delivers the same views in the same order to every member of them (virtual synchrony), so the
 * members agree on the owners without exchanging a message of our own. A view with fewer members than the quorum
 * holds nothing; nor does one in which fewer than the quorum were heard from within FD_ALL3's timeout
 * ({@link HeardFrom}: a member cut off by a partition may first install a view that still lists members it cannot
 * reach), until a silent member is heard from again or the next view. A {@link PauseGuard}, ticked by a thread of
 * its own, makes a member that was paused hold nothing until it is sure of its view again.
 */
public final class JGroupsOwnership implements Ownership, Receiver {
    private static final Logger LOG = Logger.getLogger(JGroupsOwnership.class.getName());

    private final int quorum;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final JChannel channel;
    private final PauseGuard pauses = new PauseGuard(System::nanoTime, JGroupsStack.PAUSE_THRESHOLD,
            JGroupsStack.PAUSE_SETTLE);
    /** The pause guard's ticks: a thread of its own, so that no other work delays them into a false pause. */
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ws-connector-cluster-pause-guard");
        thread.setDaemon(true);
        return thread;
    });
    private final HeardFrom heardFrom;
    private volatile String local;
    private volatile Set<String> clients;
    private volatile Map<String, String> owners = Map.of();
    private volatile Set<String> members = Set.of();
    /** The members of the last view, escaped, in the view's order; guarded by this. */
    private List<String> viewMembers = List.of();
    /** The same members as JGroups addresses, to look up when each was last heard from; guarded by this. */
    private List<Address> viewAddresses = List.of();
    /** The last view's id, or a word before the first; guarded by this. */
    private Object viewId = "(before the first view)";

    private JGroupsOwnership(Collection<String> clients, ClusterSettings settings, LongSupplier clock)
            throws Exception {
        this.clients = Set.copyOf(clients);
        this.heardFrom = new HeardFrom(JGroupsStack.HEARTBEAT_TIMEOUT, clock);
        this.quorum = settings.quorum();
        this.channel = new JChannel(new ByteArrayInputStream(
                JGroupsStack.xml(settings).getBytes(StandardCharsets.UTF_8)));
        settings.memberName().ifPresent(channel::name);
        channel.getProtocolStack().insertProtocol(heardFrom, ProtocolStack.Position.ABOVE, TP.class);
        heardFrom.onHeardAgain(this::recheck);
        channel.setReceiver(this);
    }

    /**
     * Joins the cluster {@code settings} name (or forms it, when no initial host answers) and computes the owners of
     * {@code clients} from the first view before returning.
     */
    public static JGroupsOwnership join(Collection<String> clients, ClusterSettings settings) throws Exception {
        return join(clients, settings, System::nanoTime);
    }

    /** @param clock {@link System#nanoTime} but in tests: when members were last heard from */
    static JGroupsOwnership join(Collection<String> clients, ClusterSettings settings, LongSupplier clock)
            throws Exception {
        JGroupsOwnership ownership = new JGroupsOwnership(clients, settings, clock);
        try {
            ownership.channel.connect(settings.name());
        } catch (Exception failed) {
            ownership.close();
            throw failed;
        }
        ownership.local = ownership.channel.name();
        View first = ownership.channel.view();
        if (first != null) {
            ownership.viewAccepted(first);
        }
        long tick = JGroupsStack.PAUSE_TICK.toNanos();
        ownership.ticker.scheduleWithFixedDelay(ownership::tick, tick, tick, TimeUnit.NANOSECONDS);
        return ownership;
    }

    @Override
    public String localMember() {
        String name = local;
        return SafeText.escape(name != null ? name : channel.name()); // as the view's names are
    }

    @Override
    public Optional<String> holder(String client) {
        return pauses.unsure() ? Optional.of(PAUSED) : Optional.ofNullable(owners.get(client));
    }

    @Override
    public Set<String> members() {
        return members;
    }

    /** This member's JGroups address, once joined. */
    Address address() {
        return channel.getAddress();
    }

    /** Where this member records hearing from the others. */
    HeardFrom heardFrom() {
        return heardFrom;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public synchronized void clients(Collection<String> oneMemberClients) {
        clients = Set.copyOf(oneMemberClients);
        assign(false);
    }

    /** On JGroups's thread, one view at a time and in the same order on every member. */
    @Override
    public synchronized void viewAccepted(View view) {
        if (view.getViewId().equals(viewId)) {
            return; // the first view, delivered by JGroups and applied by join() alike
        }
        List<Address> before = viewAddresses;
        heardFrom.arrived(view.getMembers().stream().filter(member -> !before.contains(member)).toList());
        heardFrom.retain(view.getMembers());
        viewAddresses = view.getMembers();
        // Escaped: a name comes from another process (its configuration) and goes into logs and statuses.
        viewMembers = view.getMembers().stream().map(Address::toString).map(SafeText::escape).toList();
        viewId = view.getViewId();
        members = Set.copyOf(viewMembers);
        LOG.log(Level.INFO, "cluster view {0}{1}: members {2}", new Object[]{viewId,
                view instanceof MergeView ? " (merged)" : "", viewMembers});
        assign(pauses.viewInstalled(viewId));
    }

    /** A member was heard from after a silence: it may count toward the quorum again. */
    private synchronized void recheck() {
        assign(false);
    }

    /** Computes the owners of the clients over the members now; tells the listeners if they changed (or always). */
    private void assign(boolean always) {
        Address self = channel.getAddress();
        long heard = viewAddresses.stream()
                .filter(member -> member.equals(self) || heardFrom.heardWithinSilence(member)).count();
        boolean silent = viewMembers.size() >= quorum && heard < quorum;
        Map<String, String> next = viewMembers.size() < quorum || silent ? Map.of()
                : BalancedRendezvous.assign(clients, viewMembers);
        if (next.equals(owners) && !always) {
            return;
        }
        boolean changed = !next.equals(owners);
        owners = next;
        if (changed && viewMembers.size() < quorum) {
            LOG.log(Level.WARNING, "cluster view {0} has {1} member(s), fewer than the quorum {2}: this member holds "
                    + "no one-member client", new Object[]{viewId, viewMembers.size(), quorum});
        } else if (changed && silent) {
            LOG.log(Level.WARNING, "cluster view {0} has {1} member(s), but only {2} heard from within {3}, fewer "
                    + "than the quorum {4}: this member holds no one-member client", new Object[]{viewId,
                    viewMembers.size(), heard, JGroupsStack.HEARTBEAT_TIMEOUT.toSeconds() + " s", quorum});
        } else if (changed) {
            LOG.log(Level.INFO, "cluster view {0}: owners {1}", new Object[]{viewId, next});
        }
        listeners.forEach(Runnable::run);
    }

    /** On the ticking thread: a pause measured, or the settle period after one passed, changes what this holds. */
    private synchronized void tick() {
        try {
            if (pauses.tick(viewId) != PauseGuard.Change.NONE) {
                listeners.forEach(Runnable::run);
            }
        } catch (RuntimeException unforeseen) {
            // A scheduled task that throws is never run again: the guard must keep ticking.
            LOG.log(Level.WARNING, "cluster pause guard: " + unforeseen, unforeseen);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        channel.close();
    }
}
