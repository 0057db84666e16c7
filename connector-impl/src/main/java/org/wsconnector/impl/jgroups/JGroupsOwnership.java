package org.wsconnector.impl.jgroups;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.wsconnector.impl.cluster.BalancedRendezvous;
import org.wsconnector.impl.cluster.Ownership;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Ownership} from a JGroups view: the members of the view, by logical name, and {@link BalancedRendezvous}
 * over them. JGroups delivers the same views in the same order to every member of them (virtual synchrony), so the
 * members agree on the owners without exchanging a message of our own. A view with fewer members than the quorum
 * holds nothing.
 */
public final class JGroupsOwnership implements Ownership, Receiver {
    private static final Logger LOG = Logger.getLogger(JGroupsOwnership.class.getName());

    private final Set<String> clients;
    private final int quorum;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final JChannel channel;
    private volatile String local;
    private volatile Map<String, String> owners = Map.of();
    private volatile Set<String> members = Set.of();

    private JGroupsOwnership(Collection<String> clients, ClusterSettings settings) throws Exception {
        this.clients = Set.copyOf(clients);
        this.quorum = settings.quorum();
        this.channel = new JChannel(new ByteArrayInputStream(
                JGroupsStack.xml(settings).getBytes(StandardCharsets.UTF_8)));
        settings.memberName().ifPresent(channel::name);
        channel.setReceiver(this);
    }

    /**
     * Joins the cluster {@code settings} name (or forms it, when no initial host answers) and computes the owners of
     * {@code clients} from the first view before returning.
     */
    public static JGroupsOwnership join(Collection<String> clients, ClusterSettings settings) throws Exception {
        JGroupsOwnership ownership = new JGroupsOwnership(clients, settings);
        try {
            ownership.channel.connect(settings.name());
        } catch (Exception failed) {
            ownership.channel.close();
            throw failed;
        }
        ownership.local = ownership.channel.name();
        View first = ownership.channel.view();
        if (first != null) {
            ownership.viewAccepted(first);
        }
        return ownership;
    }

    @Override
    public String localMember() {
        String name = local;
        return SafeText.escape(name != null ? name : channel.name()); // as the view's names are
    }

    @Override
    public Optional<String> holder(String client) {
        return Optional.ofNullable(owners.get(client));
    }

    @Override
    public Set<String> members() {
        return members;
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** On JGroups's thread, one view at a time and in the same order on every member. */
    @Override
    public synchronized void viewAccepted(View view) {
        // Escaped: a name comes from another process (its configuration) and goes into logs and statuses.
        List<String> members = view.getMembers().stream().map(Address::toString).map(SafeText::escape).toList();
        Map<String, String> next = members.size() < quorum ? Map.of() : BalancedRendezvous.assign(clients, members);
        this.members = Set.copyOf(members);
        if (next.equals(owners)) {
            return;
        }
        owners = next;
        if (members.size() < quorum) {
            LOG.log(Level.WARNING, "cluster view {0} has {1} member(s), fewer than the quorum {2}: this member holds "
                    + "no one-member client", new Object[]{view.getViewId(), members.size(), quorum});
        } else {
            LOG.log(Level.INFO, "cluster view {0}: members {1}, owners {2}", new Object[]{view.getViewId(), members,
                    next});
        }
        listeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        channel.close();
    }
}
