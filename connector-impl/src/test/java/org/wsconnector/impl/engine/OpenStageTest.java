package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.ScriptedTransport.Outcome;

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
 * {@code open()} on virtual time, state by state: its stage completes when the cycle opens and fails with the
 * cycle's failure when it ends FAILED or is closed first; a second call starts no second cycle; in OPEN it is already
 * complete, in CLOSING and after shutdown it fails at once. (Which thread completes it: {@code OpenStageThreadTest}.)
 */
class OpenStageTest {

    @Test
    void theStageCompletesWhenTheCycleOpensAfterFailedAttempts() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/", "reconnect.interval", "1s", "reconnect.jitter", 0)) {
            VirtualScheduler time = connector.virtualScheduler();
            connector.transport().nextAttempts(Outcome.REFUSED, Outcome.REFUSED);
            DefaultManagedWebSocket client = connector.connection();

            CompletableFuture<Void> first = client.open().toCompletableFuture();
            CompletableFuture<Void> second = client.open().toCompletableFuture();
            assertThat(client.state()).isEqualTo(CONNECTING);
            time.advance(Duration.ofMillis(500));
            assertThat(client.state()).isEqualTo(RECONNECTING);
            assertThat(first).isNotDone();
            time.advance(Duration.ofMinutes(1));

            assertThat(client.state()).isEqualTo(OPEN);
            assertThat(first).isCompleted();
            assertThat(second).isCompleted();
            assertThat(connector.transport().attemptsMade()).as("one cycle for both calls").isEqualTo(3);
            assertThat(client.open().toCompletableFuture()).as("already OPEN: complete at once").isCompleted();
        }
    }

    @Test
    void theStageFailsWithTheCyclesLastFailureWhenItEndsFailed() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/", "reconnect.attempts", 2, "reconnect.interval", "1s")) {
            connector.transport().laterAttempts(Outcome.REFUSED);
            CompletableFuture<Void> opening = connector.connection().open().toCompletableFuture();
            connector.virtualScheduler().advance(Duration.ofMinutes(1));

            assertThat(connector.connection().state()).isEqualTo(FAILED);
            Exception failure = catchThrowableOfType(Exception.class, opening::join);
            assertThat(failure).hasCauseInstanceOf(ConnectFailedException.class).hasMessageContaining("[ws-open]");
            assertThat(failure.getCause()).as("the FAILED event's cause").isSameAs(connector.events().causes().get(1));
        }
    }

    @Test
    void openAfterFailedStartsANewCycle() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/", "reconnect.attempts", 1)) {
            connector.transport().nextAttempts(Outcome.REFUSED);
            DefaultManagedWebSocket client = connector.connection();
            client.open();
            connector.virtualScheduler().runDue();
            assertThat(client.state()).isEqualTo(FAILED);

            CompletableFuture<Void> again = client.open().toCompletableFuture();
            connector.virtualScheduler().runDue();

            assertThat(again).isCompleted();
            assertThat(connector.events().states()).containsExactly(CONNECTING, FAILED, CONNECTING, OPEN);
        }
    }

    @Test
    void theStageFailsWhenTheApplicationClosesBeforeTheConnectionOpened() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/")) {
            connector.transport().laterAttempts(Outcome.HANGS);
            CompletableFuture<Void> opening = connector.connection().open().toCompletableFuture();
            connector.virtualScheduler().runDue();

            connector.connection().close();
            connector.virtualScheduler().runDue();

            assertThat(connector.connection().state()).isEqualTo(CLOSED);
            assertThat(catchThrowableOfType(Exception.class, opening::join))
                    .hasCauseInstanceOf(WebSocketConnectorException.class)
                    .hasMessageContaining("[ws-open] closed by application before the connection opened");
        }
    }

    @Test
    void openAndAwaitOpenWhileClosingFailAtOnceAndTheCloseGoesOn() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/")) {
            DefaultManagedWebSocket client = connector.connection();
            connector.transport().answeringClose(false);
            client.open();
            connector.virtualScheduler().runDue();
            client.close();
            assertThat(client.state()).isEqualTo(CLOSING);

            CompletableFuture<Void> opening = client.open().toCompletableFuture();
            WebSocketConnectorException waited = catchThrowableOfType(WebSocketConnectorException.class,
                    () -> client.awaitOpen(Duration.ofSeconds(1)));

            assertThat(opening).isCompletedExceptionally();
            assertThat(catchThrowableOfType(Exception.class, opening::join)).hasMessageContaining("[ws-open] not "
                    + "opened: the connection is closing");
            assertThat(waited).hasMessageContaining("[ws-open] not opened: the connection is closing");
            assertThat(client.state()).isEqualTo(CLOSING);
            connector.virtualScheduler().advance(Duration.ofMinutes(1));
            assertThat(client.state()).isEqualTo(CLOSED);
            assertThat(connector.transport().attemptsMade()).isEqualTo(1);
        }
    }

    @Test
    void openAfterShutdownFailsWithoutAnAttempt() {
        try (ConnectorUnderTest connector = ConnectorUnderTest.onVirtualTime(0.5, "ws-open", "uri",
                "ws://127.0.0.1:9/")) {
            DefaultManagedWebSocket client = connector.connection();
            client.shutdown();

            CompletableFuture<Void> opening = client.open().toCompletableFuture();

            assertThat(catchThrowableOfType(Exception.class, opening::join))
                    .hasMessageContaining("[ws-open] the connector is shut down");
            assertThat(connector.transport().attemptsMade()).isZero();
        }
    }
}
