package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectionLostException;
import org.wsconnector.MessageTooLargeException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents.Closed;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * The client's side of RFC 6455 held strictly against a server that gets it wrong: every invalid reply to the upgrade
 * is an {@link UpgradeRejectedException} that says which rule it broke (Tyrus alone accepted some and called others
 * "HTTP 500"), and a masked frame from the server fails the connection with 1002.
 */
class StrictUpgradeTest extends AgainstRawServer {

    /** Replies on one line: see {@link #expand}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            HTTP/1.0              | HTTP/1.0 101 OK~UPGRADE~ACCEPTED~                            | is not HTTP/1.1
            no Upgrade header     | HTTP/1.1 101 OK~Connection: Upgrade~ACCEPTED~                | header Upgrade is ''
            no Connection header  | HTTP/1.1 101 OK~Upgrade: websocket~ACCEPTED~                 | Connection does not name
            wrong accept value    | HTTP/1.1 101 OK~UPGRADE~Sec-WebSocket-Accept: dGhlIHNhbXBsZQ==~ | 'dGhlIHNhbXBsZQ==', not
            unrequested extension | HTTP/1.1 101 OK~UPGRADE~ACCEPTED~Sec-WebSocket-Extensions: x-foo~ | extension 'x-foo'
            unoffered subprotocol | HTTP/1.1 101 OK~UPGRADE~ACCEPTED~Sec-WebSocket-Protocol: v9~ | 'v9', but the client offered
            """)
    void anInvalid101IsRefusedNamingTheRuleItBreaks(String rule, String head, String expected) throws Exception {
        Connecting client = transport.connect("strict", server.uri());
        try (Peer peer = server.accept()) {
            peer.answer(expand(head, peer) + "\r\n");
            UpgradeRejectedException refused = refusal(client);
            assertThat(refused.getMessage()).contains("the server's 101 reply to the upgrade is invalid: ")
                    .contains(expected);
            assertThat(refused.status()).hasValue(101);
        }
    }

    /** Found by UpgradeAndFrameFuzzTest: Tyrus failed on the empty header with an ArrayIndexOutOfBoundsException. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            empty extensions header | HTTP/1.1 101 OK~UPGRADE~ACCEPTED~Sec-WebSocket-Extensions: ~
            empty protocol header   | HTTP/1.1 101 OK~UPGRADE~ACCEPTED~Sec-WebSocket-Protocol:~
            """)
    void aValid101WithAnEmptyOptionalHeaderOpens(String kind, String head) throws Exception {
        Connecting client = transport.connect("empty", server.uri());
        try (Peer peer = server.accept()) {
            peer.answer(expand(head, peer) + "\r\n", RawServer.textFrame("opened"));
            client.awaitLink();
            await("the first message").atMost(PATIENCE).until(() -> client.events().texts().contains("opened"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            401 with a challenge    | HTTP/1.1 401 No~WWW-Authenticate: Basic realm="ari"~ | 401 | (check username/password)
            401 without a challenge | HTTP/1.1 401 No~                                     | 401 | (check username/password)
            a redirect              | HTTP/1.1 302 Found~Location: wss://other.example/ws~ | 302 | 'wss://other.example/ws'; redi
            a server error          | HTTP/1.1 500 Internal Server Error~                  | 500 | with HTTP 500
            """)
    void aRefusalIsAnUpgradeRejectionWithItsStatus(String kind, String head, int status, String expected)
            throws Exception {
        Connecting client = transport.connect("refused", server.uri());
        try (Peer peer = server.accept()) {
            peer.answer(expand(head.strip(), peer) + "Content-Length: 0\r\n\r\n");
            UpgradeRejectedException refused = refusal(client);
            assertThat(refused.status()).hasValue(status);
            assertThat(refused.getMessage()).contains(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            not HTTP at all       | ICY 101 OK~~                    | not an HTTP reply (first byte 0x49)
            not a status line     | HTTP/2 101~~                    | not an HTTP status line: 'HTTP/2 101'
            a line without colon  | HTTP/1.1 101 OK~no colon here~~ | malformed header line: 'no colon here'
            """)
    void aReplyThatIsNotHttpFailsSayingItWasTheUpgradeReply(String kind, String head, String expected)
            throws Exception {
        Connecting client = transport.connect("garbled", server.uri());
        try (Peer peer = server.accept()) {
            peer.answer(expand(head, peer));
            assertThat(failure(client)).isExactlyInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("the server's reply to the upgrade request is invalid: " + expected);
        }
    }

    @Test
    void aPeerSuppliedLocationReachesTheMessageEscaped() throws Exception {
        Connecting client = transport.connect("escaped", server.uri());
        try (Peer peer = server.accept()) {
            peer.answer("HTTP/1.1 302 Found\r\nLocation: /a\u001b[2Jb\u0007" + "x".repeat(300) + "\r\n\r\n");
            String message = refusal(client).getMessage();
            assertThat(message).contains("/a\\x1B[2Jb\\x07").doesNotContain("\u001b").doesNotContain("\u0007")
                    .contains("more characters)");
        }
    }

    @Test
    void aMaskedFrameFromTheServerFailsTheConnectionWith1002() throws Exception {
        byte[] masked = {(byte) (0x80 | RawServer.OP_TEXT), (byte) (0x80 | 2), 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
        assertFailsWith1002(masked, "masked frame");
    }

    /** Found by UpgradeAndFrameFuzzTest: such a length was taken for a message over 2^63 bytes and closed with 1009. */
    @Test
    void aSixtyFourBitLengthWithItsTopBitSetFailsTheConnectionWith1002() throws Exception {
        byte[] header = RawServer.header(RawServer.OP_BINARY, true, 0x10000);
        header[2] |= (byte) 0x80;
        assertFailsWith1002(header, "most significant bit set");
    }

    private void assertFailsWith1002(byte[] frame, String reason) throws Exception {
        Connecting client = transport.connect("protocol-error", server.uri());
        try (Peer peer = server.accept()) {
            peer.answerUpgrade(RawServer.textFrame("before"), frame);
            client.awaitLink();

            assertThat(peer.readUntilCloseFrame().closeCode()).isEqualTo(1002);
            peer.close(); // the server ends TCP after the closing handshake
            Closed closed = client.events().awaitClosed();
            assertThat(closed.failure()).isInstanceOf(ConnectionLostException.class)
                    .isNotInstanceOf(MessageTooLargeException.class).hasMessageContaining(reason);
            assertThat(client.events().texts()).containsExactly("before");
        }
    }

    /** {@code ~} is CRLF (a CSV value cannot hold one), {@code UPGRADE} and {@code ACCEPTED} the usual headers. */
    private static String expand(String head, Peer peer) {
        return head.replace("UPGRADE", "Upgrade: websocket~Connection: Upgrade")
                .replace("ACCEPTED", "Sec-WebSocket-Accept: " + peer.acceptValue()).replace("~", "\r\n");
    }

    private static UpgradeRejectedException refusal(Connecting client) {
        Throwable failure = failure(client);
        assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
        return (UpgradeRejectedException) failure;
    }

    private static Throwable failure(Connecting client) {
        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> client.attempt().result().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertThat(failed).as("the attempt failed").isNotNull();
        return failed.getCause();
    }
}
