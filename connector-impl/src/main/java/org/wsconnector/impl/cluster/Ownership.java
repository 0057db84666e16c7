package org.wsconnector.impl.cluster;

import java.util.Optional;
import java.util.Set;

/**
 * Who holds each one-member client ({@code cluster.ownership=one-member}) across the members of a cluster. The
 * engine knows only this interface: an implementation (JGroups, package {@code jgroups}) computes it from its view
 * of the members, and every member computes the same answer from the same view, so no protocol of our own is needed.
 */
public interface Ownership extends AutoCloseable {
    /** This process's member name, as the logs and {@link #holder} name it. */
    String localMember();

    /**
     * The member that holds {@code client} now; empty when no member may hold it as far as this member knows (this
     * member is in a view smaller than the quorum).
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

    /** Leaves the cluster; the other members take over what this one held. */
    @Override
    void close();
}
