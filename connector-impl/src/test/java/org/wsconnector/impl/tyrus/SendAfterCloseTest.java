package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.wsconnector.SendFailedException;
import org.wsconnector.impl.engine.Link;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * The end of a send racing a close, made deterministic: the engine let the send through while OPEN, and the link's
 * close frame went out first. The wire refuses the data frame with an {@code IOException}; the application sees a
 * {@link SendFailedException} naming the client, with the wire's reason — never the raw exception.
 */
class SendAfterCloseTest extends AgainstRawServer {

    @Test
    void aSendAfterTheCloseFrameFailsAsSendFailedNamingTheClient() throws Exception {
        Connecting client = transport.connect("racing", server.uri());
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            Link link = client.awaitLink();

            link.close(1000, "done");
            assertThat(peer.readUntilCloseFrame().closeCode()).isEqualTo(1000);
            CompletableFuture<Void> text = link.sendText("too late").toCompletableFuture();
            CompletableFuture<Void> binary = link.sendBinary(ByteBuffer.allocate(8)).toCompletableFuture();

            for (CompletableFuture<Void> send : List.of(text, binary)) {
                Throwable failure = catchThrowableOfType(ExecutionException.class,
                        () -> send.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).getCause();
                assertThat(failure).isInstanceOf(SendFailedException.class)
                        .hasMessageStartingWith("[racing] message not sent: ");
            }
        }
    }
}
