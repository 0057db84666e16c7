package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.impl.cluster.Ownership;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.impl.ConnectorUnderTest.PATIENCE;

/**
 * {@link ClusterHolding} after a pause of this member, against a real echo server: the holders come from an
 * {@link Ownership} the test sets (the SPI), since no real JGroups member pauses on demand in-process; the pause
 * guard itself is {@code PauseGuardTest}, the real SIGSTOP {@code ClusterTakeoverTest}.
 */
class ClusterHoldingTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aPausedMemberClosesWith1001SayingWhyAndTakesTheClientBackOnlyAfterItsCloseTimeout() throws Exception {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "close-timeout", CLOSE_TIMEOUT.toMillis() + "ms")) {
            SettableOwnership ownership = new SettableOwnership("me", Set.of("me", "other"), "me");
            ClusterHolding holding = new ClusterHolding(ownership, Set.of("ari"),
                    () -> byName(connector.connector().connections()), scheduler);
            holding.start();
            DefaultManagedWebSocket ari = connector.connection("ari");
            ari.awaitOpen(PATIENCE);

            ownership.holderIs(Ownership.PAUSED);

            assertThat(server.awaitClientClose(1001, PATIENCE).closeReason().orElseThrow().getReasonPhrase())
                    .isEqualTo("this cluster member was paused: another may hold it");
            ConnectionStateChanged closed = connector.events("ari").awaitEntered(CLOSED);
            assertThat(closed.heldBy()).contains(Ownership.PAUSED);
            assertThat(ari.status().standby()).isTrue();

            // The merged view names this member again: the others close theirs on the same view, so it waits.
            long givenBack = System.nanoTime();
            ownership.holderIs("me");
            assertThat(ari.status().heldBy()).contains(ClusterHolding.HANDOVER);
            connector.events("ari").awaitEntered(OPEN, 2);
            assertThat(Duration.ofNanos(System.nanoTime() - givenBack)).isGreaterThanOrEqualTo(CLOSE_TIMEOUT);
            assertThat(ari.status().heldBy()).isEmpty();
            holding.stop();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Map<String, DefaultManagedWebSocket> byName(Collection<DefaultManagedWebSocket> connections) {
        return connections.stream().collect(Collectors.toMap(DefaultManagedWebSocket::name, Function.identity()));
    }

    /** One holder for every client, set by the test; each change tells the listeners, as a new view does. */
    private static final class SettableOwnership implements Ownership {
        private final String local;
        private final Set<String> view;
        private final List<Runnable> viewListeners = new CopyOnWriteArrayList<>();
        private volatile String holder;

        SettableOwnership(String local, Set<String> members, String holder) {
            this.local = local;
            this.view = members;
            this.holder = holder;
        }

        void holderIs(String next) {
            holder = next;
            viewListeners.forEach(Runnable::run);
        }

        @Override
        public String localMember() {
            return local;
        }

        @Override
        public Optional<String> holder(String client) {
            return Optional.of(holder);
        }

        @Override
        public Set<String> members() {
            return view;
        }

        @Override
        public void onChange(Runnable listener) {
            viewListeners.add(listener);
        }

        @Override
        public void clients(Collection<String> oneMemberClients) {
            // One holder for whichever clients.
        }

        @Override
        public void close() {
            // Nothing joined.
        }
    }
}
