package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.NotConnectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.RecordingListener;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;
import org.wsconnector.impl.engine.ScriptedTransport.ScriptedLink;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.ConnectionState.CLOSED;
import static org.wsconnector.ConnectionState.CLOSING;
import static org.wsconnector.ConnectionState.CONNECTING;
import static org.wsconnector.ConnectionState.FAILED;
import static org.wsconnector.ConnectionState.OPEN;
import static org.wsconnector.ConnectionState.RECONNECTING;

/**
 * The application ends a connection on virtual time: {@code close(code, reason)} sends that close frame and refuses
 * a code it may not send before anything happens; {@code abort()} drops the connection in every state without a
 * close frame, with one event into CLOSED and no reconnect after it, however long the test waits.
 */
class ApplicationCloseAndAbortTest {
    /** Longer than every delay these clients could schedule: nothing is left to happen after it. */
    private static final Duration LATER = Duration.ofHours(1);

    @Test
    void closeWithCodeAndReasonSendsThemAndNeverReconnects() {
        try (ConnectorUnderTest connector = opened("ws-close")) {
            DefaultManagedWebSocket client = connector.connection();
            ScriptedLink link = connector.transport().lastLink();

            CompletableFuture<Void> closed = client.close(4001, "shift over").toCompletableFuture();
            connector.virtualScheduler().advance(LATER);

            assertThat(link.closeCodeSent()).isEqualTo(4001);
            assertThat(link.closeReasonSent()).isEqualTo("shift over");
            assertThat(closed).isCompleted();
            assertNext(connector.events(), CLOSING, CLOSED);
            assertThat(connector.transport().attemptsMade()).as("no reconnect").isEqualTo(1);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void aCodeThatMayNotBeSentIsRefusedBeforeAnythingHappens() {
        try (ConnectorUnderTest connector = opened("ws-close")) {
            DefaultManagedWebSocket client = connector.connection();

            IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                    () -> client.close(1006, "abnormal"));
            connector.virtualScheduler().advance(LATER);

            assertThat(refused).hasMessageContaining("close code 1006 must not be sent in a close frame");
            assertThat(client.state()).isEqualTo(OPEN);
            assertThat(connector.transport().lastLink().closeCodeSent()).isNull();
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void abortWhileOpenDropsTheLinkWithoutCloseFrameIntoClosedForGood() {
        try (ConnectorUnderTest connector = opened("ws-abort")) {
            DefaultManagedWebSocket client = connector.connection();
            ScriptedLink link = connector.transport().lastLink();

            client.abort();
            assertThat(client.state()).as("at once").isEqualTo(CLOSED);
            connector.virtualScheduler().advance(LATER);

            assertThat(link.aborted()).isTrue();
            assertThat(link.closeCodeSent()).as("no close frame").isNull();
            ConnectionStateChanged event = connector.events().next().event();
            assertThat(event.previous()).isEqualTo(OPEN);
            assertThat(event.current()).isEqualTo(CLOSED);
            assertThat(event.cause()).as("the application asked for it").isEmpty();
            assertThat(connector.transport().attemptsMade()).as("no reconnect").isEqualTo(1);
            assertThat(connector.virtualScheduler().queued()).as("no timer, no ping left").isZero();
            connector.events().assertNoMoreEvents();
            assertThat(client.sendText("late").toCompletableFuture()).isCompletedExceptionally();
        }
    }

    @Test
    void abortWhileClosingEndsTheCloseAtOnceAndCompletesItsStage() {
        try (ConnectorUnderTest connector = opened("ws-abort")) {
            DefaultManagedWebSocket client = connector.connection();
            ScriptedLink link = connector.transport().lastLink();
            connector.transport().answeringClose(false);
            CompletableFuture<Void> closing = client.close().toCompletableFuture();
            connector.virtualScheduler().runDue();
            assertThat(connector.events().next().event().current()).isEqualTo(CLOSING);

            client.abort();
            connector.virtualScheduler().runDue();

            assertThat(closing).as("the close is over").isCompleted();
            assertThat(link.aborted()).isTrue();
            ConnectionStateChanged event = connector.events().next().event();
            assertThat(event.previous()).isEqualTo(CLOSING);
            assertThat(event.current()).isEqualTo(CLOSED);
            assertThat(connector.virtualScheduler().queued()).as("the close-timeout is cancelled").isZero();
            connector.virtualScheduler().advance(LATER);
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void abortWhileConnectingGivesUpTheAttemptAndFailsTheOpenStage() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-abort", "uri",
                "ws://127.0.0.1:9/")) {
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().laterAttempts(Outcome.HANGS);
            CompletableFuture<Void> opening = client.open().toCompletableFuture();
            connector.virtualScheduler().advance(Duration.ofSeconds(1));

            client.abort();
            connector.virtualScheduler().advance(LATER);

            assertThat(connector.events().states()).containsExactly(CONNECTING, CLOSED);
            assertThat(connector.events().eventsInto(CLOSED).get(0).cause()).isEmpty();
            assertThat(catchThrowableOfType(Exception.class, opening::join))
                    .hasCauseInstanceOf(WebSocketConnectorException.class)
                    .hasMessageContaining("[ws-abort] aborted by the application before the connection opened");
            assertThat(connector.transport().attemptsMade()).as("no retry").isEqualTo(1);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void abortWhileReconnectingCancelsTheScheduledAttempt() {
        try (ConnectorUnderTest connector = opened("ws-abort")) {
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().lastLink().peerCloses(1011, "restarting");
            connector.virtualScheduler().runDue();
            assertThat(connector.events().next().event().current()).isEqualTo(RECONNECTING);

            client.abort();
            connector.virtualScheduler().advance(LATER);

            assertNext(connector.events(), CLOSED);
            assertThat(connector.transport().attemptsMade()).as("the retry never ran").isEqualTo(1);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void abortIsIdempotentAndTakesAFailedClientToClosed() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-abort", "uri",
                "ws://127.0.0.1:9/", "reconnect.attempts", 1)) {
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().laterAttempts(Outcome.REFUSED);
            client.open();
            connector.virtualScheduler().runDue();
            assertThat(connector.events().states()).containsExactly(CONNECTING, FAILED);

            client.abort();
            client.abort();
            connector.virtualScheduler().advance(LATER);

            assertNext(connector.events(), CLOSED);
            connector.events().assertNoMoreEvents();
        }
    }

    @Test
    void sendsAfterTheCloseBeganFailAsNotConnected() {
        try (ConnectorUnderTest connector = opened("ws-close")) {
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().answeringClose(false);
            client.close(1001, "");

            CompletableFuture<Void> late = client.sendText("after close").toCompletableFuture();

            assertThat(catchThrowableOfType(Exception.class, late::join))
                    .hasCauseInstanceOf(NotConnectedException.class).hasMessageContaining("state CLOSING");
        }
    }

    /** The next events not yet accounted for enter these states, in order. */
    private static void assertNext(RecordingListener events, ConnectionState... states) {
        for (ConnectionState state : states) {
            assertThat(events.next().event().current()).isEqualTo(state);
        }
    }

    /** A client on virtual time, opened, its CONNECTING and OPEN events accounted for. */
    private static ConnectorUnderTest opened(String name) {
        ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, name, "uri", "ws://127.0.0.1:9/",
                "ping.interval", "10s");
        connector.connection().open();
        connector.virtualScheduler().runDue();
        RecordingListener events = connector.events();
        assertThat(events.states()).containsExactly(CONNECTING, OPEN);
        return connector;
    }
}
