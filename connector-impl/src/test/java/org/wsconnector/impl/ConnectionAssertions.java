package org.wsconnector.impl;

import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.TlsHandshakeException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.impl.RecordingListener.WAIT;

/** Checks shared by the engine tests: a client that opens and echoes, a client whose only attempt fails. */
final class ConnectionAssertions {
    private ConnectionAssertions() {
    }

    /** The only client opens, a message makes the round trip, and the only state events are CONNECTING, OPEN. */
    static void opensAndEchoes(ConnectorUnderTest connector) throws Exception {
        DefaultManagedWebSocket client = connector.connection();
        client.awaitOpen(WAIT);
        String text = "over tls to " + client.config().uri();
        client.sendText(text).toCompletableFuture().get();
        connector.events().awaitTexts(1);
        assertThat(connector.events().texts()).containsExactly(text);
        assertThat(connector.events().states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.OPEN);
        connector.events().assertNoMoreEvents();
    }

    /**
     * The only client (configured with {@code reconnect.attempts=1}) fails its one attempt: {@code awaitOpen} throws
     * a {@link TlsHandshakeException}, the FAILED event carries that very exception, and it never was OPEN.
     */
    static TlsHandshakeException failsTheHandshake(ConnectorUnderTest connector) {
        return failsWith(connector, TlsHandshakeException.class);
    }

    static <T extends WebSocketConnectorException> T failsWith(ConnectorUnderTest connector, Class<T> type) {
        DefaultManagedWebSocket client = connector.connection();
        T failure = catchThrowableOfType(type, () -> client.awaitOpen(WAIT));
        assertThat(failure).as("awaitOpen must throw " + type.getSimpleName()).isNotNull();
        assertThat(failure.client()).isEqualTo(client.name());
        ConnectionStateChanged failed = connector.events().awaitEntered(ConnectionState.FAILED);
        assertThat(failed.cause()).containsSame(failure);
        List<ConnectionState> states = connector.events().states();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
        connector.events().assertNoMoreEvents();
        return failure;
    }
}
