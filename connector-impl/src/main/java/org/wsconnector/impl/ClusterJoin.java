package org.wsconnector.impl;

import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;
import org.wsconnector.impl.cluster.EveryMember;
import org.wsconnector.impl.cluster.Ownership;
import org.wsconnector.impl.config.ClusterSettings;
import org.wsconnector.impl.config.OptionalLibrary;
import org.wsconnector.impl.jgroups.JGroupsOwnership;

import java.util.List;
import java.util.Optional;

import static org.wsconnector.ConfigProblemCode.MISSING_LIBRARY;

/**
 * The {@link Ownership} the settings ask for: {@link EveryMember} without one-member clients, else JGroups, which is
 * an optional dependency: without it on the class path a one-member client is a boot error naming what to add.
 */
final class ClusterJoin {
    private ClusterJoin() {
    }

    static Ownership join(ClusterSettings settings) {
        if (!settings.clustered()) {
            return EveryMember.INSTANCE;
        }
        if (!OptionalLibrary.JGROUPS.present()) {
            throw new ConfigurationException(List.of(new ConfigProblem(MISSING_LIBRARY,
                    Optional.of(settings.oneMemberClients().iterator().next()), Optional.of("cluster.ownership"),
                    "cluster.ownership=one-member (clients " + settings.oneMemberClients() + ") needs JGroups: add "
                    + OptionalLibrary.JGROUPS.coordinates() + " to the application")));
        }
        try {
            // Only now is the JGroups adapter class loaded, and org.jgroups with it.
            return JGroupsOwnership.join(settings.oneMemberClients(), settings);
        } catch (Exception failed) {
            throw new IllegalStateException("could not join the cluster '" + settings.name() + "' on "
                    + settings.bindAddress() + ":" + settings.bindPort() + ": " + failed, failed);
        }
    }
}
