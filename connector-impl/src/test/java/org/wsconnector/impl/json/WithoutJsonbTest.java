package org.wsconnector.impl.json;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wsconnector.SendFailedException;
import org.wsconnector.impl.ConnectorUnderTest;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * JSON-B is optional: without the API and without a provider the connector connects and exchanges text, only
 * {@code sendObject} fails its stage, and asking for typed messages fails saying what to add. Runs in surefire's
 * execution {@code without-jsonb}, whose class path lacks both.
 */
class WithoutJsonbTest {

    @BeforeEach
    void onlyWhereTheBuildRemovedJsonb() {
        assumeThat(Boolean.getBoolean("wsconnector.test.jsonbAbsent"))
                .as("run by the surefire execution without-jsonb").isTrue();
    }

    @Test
    void theConnectorRunsWithoutJsonbAndTypedMessagesSayWhatToAdd() throws Exception {
        assertThat(catchThrowable(() -> Class.forName("jakarta.json.bind.Jsonb")))
                .as("this execution's class path has no JSON-B API").isInstanceOf(ClassNotFoundException.class);
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("echo", "uri", server.uri())) {
            DefaultManagedWebSocket echo = connector.connection();
            echo.awaitOpen(ConnectorUnderTest.PATIENCE);
            connector.echo("no JSON-B needed");

            Throwable sendObject = catchThrowable(() -> echo.sendObject("text").toCompletableFuture().get());
            assertThat(sendObject).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SendFailedException.class);
            assertThat(sendObject.getCause()).hasMessageContaining("org.eclipse:yasson");
        }
        Throwable typed = catchThrowable(JsonMessages::create);
        assertThat(typed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no JSON-B provider was found").hasMessageContaining("org.eclipse:yasson 3.x");
    }
}
