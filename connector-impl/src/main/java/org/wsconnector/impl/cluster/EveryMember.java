package org.wsconnector.impl.cluster;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Today's behaviour and the default: there is no cluster, this process holds every client. */
public final class EveryMember implements Ownership {
    public static final EveryMember INSTANCE = new EveryMember();
    private static final String LOCAL = "local";

    private EveryMember() {
    }

    @Override
    public String localMember() {
        return LOCAL;
    }

    @Override
    public Optional<String> holder(String client) {
        return Optional.of(LOCAL);
    }

    @Override
    public Set<String> members() {
        return Set.of(LOCAL);
    }

    @Override
    public void onChange(Runnable listener) {
        // Nothing ever changes.
    }

    @Override
    public void clients(Collection<String> oneMemberClients) {
        // Every member holds every client, whichever they are.
    }

    @Override
    public void close() {
        // Nothing to leave.
    }
}
