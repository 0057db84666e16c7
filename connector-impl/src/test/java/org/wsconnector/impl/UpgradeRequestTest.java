package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.config.Secret;
import org.wsconnector.testbed.ConnectionSnapshot;
import org.wsconnector.testbed.EchoServer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * What the configuration puts into the upgrade request, as a real server receives it, and how the client judges
 * the server's answer: subprotocol negotiation (and the one chosen, as {@code subprotocol()} tells), Basic
 * credentials, extra headers, a refused path.
 */
class UpgradeRequestTest {

    @Test
    void opensWhenTheServerChoosesOneOfTheOfferedSubprotocols() throws Exception {
        try (EchoServer server = EchoServer.builder().subprotocols("chat.v1").start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("chat",
                     "uri", server.uri(), "protocols", "chat.v2,chat.v1")) {
            ConnectionAssertions.opensAndEchoes(connector);

            ConnectionSnapshot seen = server.connections().get(0);
            // The server's view may split one comma-separated header line into several values.
            assertThat(seen.requestHeaders().get("Sec-WebSocket-Protocol").stream()
                    .flatMap(line -> Stream.of(line.split(","))).map(String::trim))
                    .containsExactly("chat.v2", "chat.v1");
            assertThat(seen.subprotocol()).isEqualTo("chat.v1");
            assertThat(connector.connection().subprotocol()).as("the second offered, which the server chose")
                    .contains("chat.v1");

            connector.connection().close().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(connector.connection().subprotocol()).as("no connection, no subprotocol").isEmpty();
        }
    }

    @Test
    void noSubprotocolWhenNoneWasOffered() throws Exception {
        try (EchoServer server = EchoServer.builder().subprotocols("chat.v1").start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("chat", "uri", server.uri())) {
            ConnectionAssertions.opensAndEchoes(connector);

            assertThat(server.connections().get(0).hasHeader("Sec-WebSocket-Protocol")).isFalse();
            assertThat(connector.connection().subprotocol()).isEmpty();
        }
    }

    @Test
    void refusesAServerThatAnswersASubprotocolItWasNotOffered() throws Exception {
        try (EchoServer server = EchoServer.builder().subprotocols("chat.v1")
                .replyWithUnofferedSubprotocol("chat.evil").start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("chat", "uri", server.uri(),
                     "protocols", "chat.v1", "reconnect.attempts", 1)) {
            UpgradeRejectedException failure = ConnectionAssertions.failsWith(connector, UpgradeRejectedException.class);

            assertThat(failure.getMessage()).contains("'chat.evil'").contains("[chat.v1]");
            assertThat(connector.events().states()).doesNotContain(ConnectionState.OPEN);
            // The server did upgrade; the client must not leave that session dangling.
            server.awaitOpenSessions(0, WAIT);
        }
    }

    @Test
    void sendsTheConfiguredCredentialsAsBasicAuthorization() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari",
                     "uri", server.uri(), "username", "asterisk", "password", "pä:ss wörd")) {
            ConnectionAssertions.opensAndEchoes(connector);

            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString("asterisk:pä:ss wörd".getBytes(StandardCharsets.UTF_8));
            assertThat(server.connections().get(0).header("Authorization")).contains(expected);
            Secret shown = connector.connection().config().basicAuth().orElseThrow().password();
            assertThat(shown.isWithheld()).as("the application sees no password").isTrue();
            assertThatThrownBy(shown::reveal).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void sendsConfiguredHeadersWithTheUpgradeRequest() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri", server.uri(),
                     "headers.X-Api-Key", "k-12345", "headers.X-Tenant", "billing")) {
            ConnectionAssertions.opensAndEchoes(connector);

            ConnectionSnapshot seen = server.connections().get(0);
            assertThat(seen.header("X-Api-Key")).contains("k-12345");
            assertThat(seen.header("X-Tenant")).contains("billing");
            assertThat(connector.connection().config().headers()).as("header values may be tokens")
                    .isEqualTo(Map.of("X-Api-Key", Secret.MASK, "X-Tenant", Secret.MASK));
            assertThat(seen.hasHeader("Authorization")).as("no credentials configured, none sent").isFalse();
        }
    }

    @Test
    void reportsTheStatusWhenTheServerHasNoEndpointAtThePath() {
        try (EchoServer server = EchoServer.builder().path("/echo").start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("ari", "uri",
                     "ws://127.0.0.1:" + server.port() + "/no-such-endpoint", "reconnect.attempts", 1)) {
            UpgradeRejectedException failure = ConnectionAssertions.failsWith(connector, UpgradeRejectedException.class);

            assertThat(failure.status()).hasValue(404);
            assertThat(failure.getMessage()).contains("HTTP 404").contains("check the path of the uri");
            assertThat(server.connections()).isEmpty();
        }
    }
}
