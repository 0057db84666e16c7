package org.wsconnector.impl.cluster;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Who holds each one-member client ({@code cluster.ownership=one-member}) across the members of a cluster. The
 * engine knows only this interface: an implementation (JGroups, package {@code jgroups}) computes it from its view
 * of the members, and every member computes the same answer from the same view, so no protocol of our own is needed.
 */
public interface Ownership extends AutoCloseable {
    /**
     * {@link #holder} while this member was paused long enough for the others to have taken its clients over and is
     * not sure again yet ({@link PauseGuard}): it holds nothing, whoever else may.
     */
    String PAUSED = "(unknown: this member was paused)";

    /** This process's member name, as the logs and {@link #holder} name it. */
    String localMember();

    /**
     * The member that holds {@code client} now; empty when no member may hold it as far as this member knows (this
     * member is in a view smaller than the quorum); {@link #PAUSED} after a pause of this process, until it is sure
     * of its view again.
     */
    Optional<String> holder(String client);

    /** The members as this one sees them now, itself included. */
    Set<String> members();

    /** Whether this member holds {@code client} now. */
    default boolean holdsLocally(String client) {
        return holder(client).filter(localMember()::equals).isPresent();
    }

    /**
     * Calls {@code listener} after each change of the members (on a thread of the implementation's, one change at
     * a time); {@link #holder} then answers for the new members.
     */
    void onChange(Runnable listener);

    /**
     * Replaces the one-member clients whose holders this computes (a reload added or removed some); calls the
     * listeners if a holder changed. Every member computes from its own configuration: until every member has the
     * same clients, they may disagree on some holders (README "Cluster", reload).
     */
    void clients(Collection<String> oneMemberClients);

    /** Leaves the cluster; the other members take over what this one held. */
    @Override
    void close();
}
