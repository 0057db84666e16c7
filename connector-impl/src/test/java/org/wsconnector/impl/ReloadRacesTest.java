package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ReloadReport;
import org.wsconnector.SendBufferException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.impl.engine.ScriptedTransport;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;
import org.wsconnector.impl.engine.ScriptedTransport.ScriptedLink;
import org.wsconnector.impl.engine.VirtualScheduler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;
import static org.wsconnector.impl.ConnectorUnderTest.configuration;
import static org.wsconnector.impl.ConnectorUnderTest.properties;

/**
 * A reload meeting what a client is doing, on virtual time so that every interleaving is exact: the client's own
 * reconnect timer, an attempt under way, sends accepted before, the application's close racing the reload's, a
 * configuration that did not change. And the INFO lines that say when a client opened, with its downtime.
 */
class ReloadRacesTest {
    private static final Duration LATER = Duration.ofHours(1);
    private static final String OLD = "ws://127.0.0.1:9/old";
    private static final String NEW = "ws://127.0.0.1:9/new";

    @Test
    void aReloadWhileReconnectingGivesUpTheScheduledRetryAndConnectsAtOnceWithTheNewConfiguration() {
        try (ConnectorUnderTest connector = openedAfter(Outcome.REFUSED, "reconnect.interval", "10s")) {
            VirtualScheduler time = connector.virtualScheduler(); // refused: a retry is due in 10 s

            reload(connector, NEW, "10s");
            time.advance(LATER);

            assertThat(connector.events().states()).containsExactly(CONNECTING, RECONNECTING, CLOSED, CONNECTING,
                    OPEN);
            assertThat(attemptedUris(connector)).as("the old retry never ran")
                    .containsExactly(URI.create(OLD), URI.create(NEW));
            assertThat(connector.events().eventsInto(OPEN).get(0).at()).as("connected at once, not after 10 s")
                    .isEqualTo(VirtualScheduler.EPOCH);
        }
    }

    @Test
    void aReloadWhileAnAttemptIsUnderWayAbortsItAndTheWaitersOfOpenFollowTheNewCycle() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", OLD)) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().nextAttempts(Outcome.HANGS);
            CompletableFuture<Void> opened = connector.connection().open().toCompletableFuture();
            time.runDue();

            reload(connector, NEW, "500ms");
            time.advance(LATER);

            assertThat(opened).isCompleted().isNotCompletedExceptionally();
            assertThat(connector.connection().state()).isEqualTo(OPEN);
            assertThat(attemptedUris(connector)).containsExactly(URI.create(OLD), URI.create(NEW));
            assertThat(connector.transport().links()).hasSize(1);
        }
    }

    @Test
    void anOpenClientClosesWith1000AfterTheSendsItAcceptedAndOpensAgainWithTheNewConfigurationWhichOpenFollows() {
        try (ConnectorUnderTest connector = opened()) {
            VirtualScheduler time = connector.virtualScheduler();
            DefaultManagedWebSocket ari = connector.connection();
            CompletableFuture<Void> sent = ari.sendText("in flight").toCompletableFuture();

            reload(connector, NEW, "500ms");
            assertThat(ari.state()).isEqualTo(CLOSING);
            CompletableFuture<Void> reopened = ari.open().toCompletableFuture(); // follows the reload's new cycle
            time.advance(LATER);

            assertThat(reopened).isCompleted().isNotCompletedExceptionally();
            ScriptedLink old = connector.transport().links().get(0);
            assertThat(old.textsSent()).containsExactly("in flight");
            assertThat(sent).isCompleted().isNotCompletedExceptionally();
            assertThat(old.closeCodeSent()).isEqualTo(1000);
            assertThat(old.closeReasonSent()).isEqualTo("configuration reloaded");
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED, CONNECTING,
                    OPEN);
            assertThat(connector.events().causes()).as("a reload is no failure").isEmpty();
            assertThat(ari.status().lastFailure()).isEmpty();
            assertThat(attemptedUris(connector)).last().isEqualTo(URI.create(NEW));
            assertThat(ari.config().uri()).isEqualTo(URI.create(NEW));
        }
    }

    @Test
    void withASendBufferWhatIsSentDuringTheReloadsCloseIsHeldAndWrittenToTheNewConnection() {
        try (ConnectorUnderTest connector = opened("send-buffer.max-messages", "10")) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().answeringClose(false); // a closing handshake that lasts until close-timeout
            DefaultManagedWebSocket ari = connector.connection();

            connector.connector().reload(configuration(properties("ari", "uri", NEW, "send-buffer.max-messages",
                    "10")));
            CompletableFuture<Void> held = ari.sendText("sent while the reload closes").toCompletableFuture();
            time.advance(LATER);

            assertThat(held).isCompleted().isNotCompletedExceptionally();
            assertThat(connector.transport().links()).hasSize(2);
            assertThat(connector.transport().lastLink().textsSent()).containsExactly("sent while the reload closes");
        }
    }

    @Test
    void heldSendsFailWhenTheReloadChangesTheSendBufferItself() {
        try (ConnectorUnderTest connector = openedAfter(Outcome.REFUSED, "send-buffer.max-messages", "10",
                "reconnect.interval", "10s")) {
            VirtualScheduler time = connector.virtualScheduler();
            CompletableFuture<Void> held = connector.connection().sendText("held").toCompletableFuture();

            connector.connector().reload(configuration(properties("ari", "uri", OLD, "send-buffer.max-messages",
                    "2", "reconnect.interval", "10s")));
            time.advance(LATER);

            assertThat(held).isCompletedExceptionally();
            assertThatThrownBy(held::join).hasCauseInstanceOf(SendBufferException.class)
                    .hasMessageContaining("a reload changed send-buffer.*");
            assertThat(connector.connection().state()).isEqualTo(OPEN);
        }
    }

    @Test
    void theApplicationsCloseDuringTheReloadsClosingHandshakeWinsTheClientStaysClosed() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", OLD)) {
            VirtualScheduler time = connector.virtualScheduler();
            ScriptedTransport transport = connector.transport().answeringClose(false);
            DefaultManagedWebSocket ari = connector.connection();
            ari.open();
            time.runDue();

            reload(connector, NEW, "500ms");
            time.runDue();
            assertThat(ari.state()).isEqualTo(CLOSING);
            ari.close();
            time.advance(LATER); // the close-timeout ends the handshake the peer never answers

            assertThat(ari.state()).isEqualTo(CLOSED);
            assertThat(transport.attemptsMade()).isEqualTo(1);
            assertThat(connector.events().states()).containsExactly(CONNECTING, OPEN, CLOSING, CLOSED);
            assertThat(ari.config().uri()).as("the new configuration is taken for the next open")
                    .isEqualTo(URI.create(NEW));
        }
    }

    @Test
    void aFailedPersistentClientStartsAgainWithItsNewConfiguration() {
        try (ConnectorUnderTest connector = openedAfter(Outcome.REFUSED, "reconnect.attempts", "1")) {
            VirtualScheduler time = connector.virtualScheduler();
            time.advance(LATER);
            assertThat(connector.connection().state()).isEqualTo(org.wsconnector.ConnectionState.FAILED);

            connector.connector().reload(configuration(properties("ari", "uri", NEW, "reconnect.attempts", "1")));
            time.advance(LATER);

            assertThat(connector.connection().state()).isEqualTo(OPEN);
            assertThat(attemptedUris(connector)).last().isEqualTo(URI.create(NEW));
        }
    }

    @Test
    void aClosedOnDemandClientThatBecomesPersistentOpensAndAClosedPersistentOneStaysClosed() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", OLD,
                "connection-type", "on-demand")) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.connector().reload(configuration(properties("ari", "uri", OLD)));
            time.advance(LATER);
            assertThat(connector.connection().state()).as("persistent now: kept open").isEqualTo(OPEN);

            connector.connection().close();
            time.advance(LATER);
            connector.connector().reload(configuration(properties("ari", "uri", NEW)));
            time.advance(LATER);

            assertThat(connector.connection().state()).as("the application closed it").isEqualTo(CLOSED);
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
        }
    }

    @Test
    void reloadWithoutASourceSaysHowToReloadAndAClosedConnectorRefusesToReload() {
        ConnectorUnderTest connector = opened();
        assertThatThrownBy(() -> connector.connector().reload()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reload(ConnectorConfiguration)");
        connector.close();
        assertThatThrownBy(() -> reload(connector, NEW, "500ms")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the connector is closed: nothing to reload");
    }

    @Test
    void aReloadThatChangesNothingTouchesNothing() {
        try (ConnectorUnderTest connector = opened("reconnect.interval", "500ms")) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.events().awaitEntered(OPEN);

            ReloadReport report = reload(connector, OLD, "500ms");
            time.advance(LATER);

            assertThat(report).isEqualTo(new ReloadReport(List.of(), List.of(), List.of(), List.of(), List.of("ari")));
            assertThat(report.changedAnything()).isFalse();
            connector.events().assertNoMoreEvents();
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
            assertThat(connector.transport().lastLink().closeCodeSent()).isNull();
        }
    }

    @Test
    void aChangeOfOnlyReadinessOrDeliveryLimitsIsTakenInPlaceWithoutANewConnection() {
        try (ConnectorUnderTest connector = opened()) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.events().awaitEntered(OPEN);

            ReloadReport report = connector.connector().reload(configuration(properties("ari", "uri", OLD,
                    "health.readiness", "false", "delivery.max-queued-messages", "10")));
            time.advance(LATER);

            assertThat(report.changedInPlace()).containsExactly("ari");
            assertThat(report.reconnected()).isEmpty();
            assertThat(connector.connection().config().healthReadiness()).isFalse();
            assertThat(connector.connection().config().delivery().maxQueuedMessages()).isEqualTo(10);
            connector.events().assertNoMoreEvents();
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
        }
    }

    @Test
    void aReloadBackToTheRunningConfigurationDuringAReloadsCloseStillReopensWithTheLatest() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", OLD)) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().answeringClose(false);
            connector.connection().open();
            time.runDue();

            reload(connector, NEW, "500ms");
            time.runDue();
            ReloadReport back = connector.connector().reload(configuration(properties("ari", "uri", OLD)));
            time.advance(LATER);

            assertThat(back.reconnected()).as("pending NEW is not what runs next: OLD is a change").contains("ari");
            assertThat(connector.connection().state()).isEqualTo(OPEN);
            assertThat(attemptedUris(connector)).containsExactly(URI.create(OLD), URI.create(OLD));
        }
    }

    @Test
    void everyOpenIsOneInfoLineWithTheAttemptAndHowLongTheClientWasNotOpen() {
        try (LogCapture log = LogCapture.of("org.wsconnector");
             ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", "uri", OLD,
                     "reconnect.interval", "500ms", "reconnect.multiplier", "2", "reconnect.jitter", "0")) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED);
            connector.connection().open();
            time.advance(Duration.ofSeconds(10)); // refused, 500 ms, refused, 1 s, open: 1.5 s after the start
            connector.transport().lastLink().peerCloses(1011, "restarting");
            time.advance(Duration.ofSeconds(10)); // lost at once after opening: the backoff goes on, 2 s

            assertThat(log.messages(Level.INFO, "[ari] open")).containsExactly(
                    "[ari] open to 127.0.0.1:9 (attempt 3) after 1500ms",
                    "[ari] open again to 127.0.0.1:9 (attempt 1) after 2s down: recovered");
            assertThat(log.messages(Level.INFO, "; next attempt in")).containsExactly(
                    "[ari] ConnectFailedException: connection to 127.0.0.1:9 failed: Connection refused; next attempt "
                            + "in 500ms",
                    "[ari] ConnectFailedException: connection to 127.0.0.1:9 failed: Connection refused; next attempt "
                            + "in 1s",
                    "[ari] ConnectionLostException: connection closed by peer or network: 1011 restarting; next "
                            + "attempt in 2s");
            assertThat(log.withStackTrace(Level.INFO)).as("no stack trace for expected network failures").isEmpty();
        }
    }

    /** Client {@code ari} of {@link #OLD} (and {@code keysAndValues}) on virtual time, opened. */
    private static ConnectorUnderTest opened(Object... keysAndValues) {
        return openedAfter(null, keysAndValues);
    }

    /** As {@link #opened}, its first attempt doing {@code first} (when not null). */
    private static ConnectorUnderTest openedAfter(Outcome first, Object... keysAndValues) {
        Object[] keys = new Object[keysAndValues.length + 2];
        keys[0] = "uri";
        keys[1] = OLD;
        System.arraycopy(keysAndValues, 0, keys, 2, keysAndValues.length);
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ari", keys);
        if (first != null) {
            connector.transport().nextAttempts(first);
        }
        connector.connection().open();
        connector.virtualScheduler().runDue();
        return connector;
    }

    /** The URIs of the attempts made so far, oldest first. */
    private static List<URI> attemptedUris(ConnectorUnderTest connector) {
        return connector.transport().attemptedConfigs().stream().map(ClientConfig::uri).toList();
    }

    private static ReloadReport reload(ConnectorUnderTest connector, String uri, String interval) {
        return connector.connector().reload(configuration(properties("ari", "uri", uri, "reconnect.interval",
                interval)));
    }
}
