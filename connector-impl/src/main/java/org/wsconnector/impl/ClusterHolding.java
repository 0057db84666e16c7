package org.wsconnector.impl;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStatus;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.impl.cluster.Ownership;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the one-member clients this member holds and closes, with 1001, those another member holds now: at start,
 * after every change of the cluster's members, and after a reload changed which clients are one-member. Every-member
 * clients are none of its business.
 */
final class ClusterHolding {
    private static final Logger LOG = Logger.getLogger(ClusterHolding.class.getName());
    static final int GOING_AWAY = 1001;
    /** {@code heldBy} while this member waits for the previous holder's close before it opens the client. */
    static final String HANDOVER = "(handover to this member)";

    private final Ownership ownership;
    /** Replaced whole by {@link #clients} (a reload). */
    private volatile Set<String> oneMemberClients;
    private final Supplier<Map<String, DefaultManagedWebSocket>> connections;
    /** The holder each client had at the last change, to log one line per change of holder. */
    private final Map<String, String> lastHolder = new HashMap<>();
    /** When a client handed over by a living member may open here ({@link System#nanoTime}), by client. */
    private final Map<String, Long> handoverUntil = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private boolean stopped; // guarded by this

    ClusterHolding(Ownership ownership, Set<String> oneMemberClients,
                   Supplier<Map<String, DefaultManagedWebSocket>> connections, ScheduledExecutorService scheduler) {
        this.ownership = ownership;
        this.scheduler = scheduler;
        this.oneMemberClients = Set.copyOf(oneMemberClients);
        this.connections = connections;
    }

    /** Whether this holding, not the connector's start, opens {@code connection}. */
    boolean decides(DefaultManagedWebSocket connection) {
        return oneMemberClients.contains(connection.name())
                && connection.config().connectionType() == ConnectionType.PERSISTENT;
    }

    /**
     * Takes the one-member clients of a reloaded configuration: a client that is one-member no longer is this
     * member's again (and opens when persistent); the holders of the new set are computed and applied.
     */
    void clients(Set<String> next) {
        Set<String> given;
        synchronized (this) {
            if (stopped) {
                return;
            }
            given = Set.copyOf(next);
            for (String name : oneMemberClients) {
                if (given.contains(name)) {
                    continue;
                }
                lastHolder.remove(name);
                handoverUntil.remove(name);
                DefaultManagedWebSocket connection = connections.get().get(name); // null: the reload removed it
                if (connection != null) {
                    LOG.log(Level.INFO, "[{0}] cluster.ownership is every-member now: held by this member as by "
                            + "every other", name);
                    connection.heldBy(Optional.empty());
                    if (connection.config().connectionType() == ConnectionType.PERSISTENT) {
                        connection.start();
                    }
                }
            }
            oneMemberClients = given;
        }
        // Outside this lock: the ownership calls apply under its own, as it does on each view.
        ownership.clients(given);
        apply();
    }

    /** Applies the owners now and after each change of members. */
    void start() {
        connections.get().values().stream()
                .filter(connection -> oneMemberClients.contains(connection.name()) && !decides(connection))
                .forEach(connection -> LOG.log(Level.WARNING, "[{0}] cluster.ownership=one-member applies to "
                        + "persistent clients only: this on-demand client opens wherever the application opens it",
                        connection.name()));
        ownership.onChange(this::apply);
        apply();
    }

    /** Idempotent: each call brings every one-member client in line with the owners as they are now. */
    synchronized void apply() {
        if (stopped) {
            return;
        }
        String local = ownership.localMember();
        for (DefaultManagedWebSocket connection : connections.get().values()) {
            if (!decides(connection)) {
                continue;
            }
            Optional<String> holder = ownership.holder(connection.name());
            String shown = holder.orElse(ConnectionStatus.NO_HOLDER);
            String before = lastHolder.put(connection.name(), shown);
            if (!shown.equals(before)) {
                LOG.log(Level.INFO, "[{0}] held by {1}{2}", new Object[]{connection.name(), shown,
                        shown.equals(local) ? " (this member)" : ""});
                if (shown.equals(local) && anotherMayHold(before)) {
                    awaitHandover(connection);
                }
            }
            if (shown.equals(local)) {
                Long until = handoverUntil.get(connection.name());
                if (until == null || System.nanoTime() - until >= 0) {
                    handoverUntil.remove(connection.name());
                    connection.heldBy(Optional.empty());
                    connection.start();
                }
            } else {
                handoverUntil.remove(connection.name());
                connection.heldBy(Optional.of(shown));
                release(connection, shown);
            }
        }
    }

    /**
     * Whether a member may still hold a client that this one was just given: the previous holder is still in the
     * view (a planned move: it closes on this same view), or this member does not know who held it (it just joined,
     * was below the quorum, or was paused) while other members are in the view. Not after the holder died or left.
     */
    private boolean anotherMayHold(String before) {
        Set<String> members = ownership.members();
        boolean unknown = before == null || before.equals(ConnectionStatus.NO_HOLDER)
                || before.equals(Ownership.PAUSED);
        return unknown ? members.size() > 1 : members.contains(before);
    }

    /**
     * Opens the client only after its close-timeout, the longest the previous holder's close (begun on the same view)
     * may take: a planned move then never holds one client twice, at the cost of that gap.
     */
    private void awaitHandover(DefaultManagedWebSocket connection) {
        Duration wait = connection.config().closeTimeout();
        handoverUntil.put(connection.name(), System.nanoTime() + wait.toNanos());
        connection.heldBy(Optional.of(HANDOVER));
        scheduler.schedule(this::apply, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes a client another member holds now; once closed, looks again (the owners may have changed back). */
    private void release(DefaultManagedWebSocket connection, String holder) {
        ConnectionState state = connection.state();
        if (state == ConnectionState.CLOSED || state == ConnectionState.CLOSING || state == ConnectionState.FAILED) {
            return;
        }
        String reason = holder.equals(Ownership.PAUSED) ? "this cluster member was paused: another may hold it"
                : "held by another cluster member";
        connection.close(GOING_AWAY, reason).whenComplete((closed, failure) -> apply());
    }

    /** Stops reacting; the connector closes the connections itself, then this leaves the cluster. */
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        ownership.close();
    }
}
