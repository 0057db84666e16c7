package org.wsconnector.impl.tyrus;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's close frame without a payload carries no status code, which RFC 6455 (7.1.5) names 1005 ("no status
 * received"); Tyrus reports it as 1000, as if the server had said "normal closure". The transport reports what the
 * server said: 1005 for the empty close, and an explicit 1000 as 1000.
 */
class CloseWithoutCodeTest extends AgainstRawServer {

    @ParameterizedTest(name = "close payload ''{0}'' is reported as {1}")
    @CsvSource({"'', 1005", "03e8, 1000", "03e9, 1001"})
    void theServersCloseIsReportedWithTheCodeItSent(String payloadHex, int reported) throws Exception {
        Connecting client = transport.connect("closing", server.uri());
        client.events().boundClosing(() -> { });
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            client.awaitLink();

            peer.send(RawServer.frame(RawServer.OP_CLOSE, true, HexFormat.of().parseHex(payloadHex)));
            peer.readUntilCloseFrame();
        } // the server ends TCP, as after a closing handshake

        RecordedEvents.Closed closed = client.events().awaitClosed();
        assertThat(closed.code()).isEqualTo(reported);
    }
}
