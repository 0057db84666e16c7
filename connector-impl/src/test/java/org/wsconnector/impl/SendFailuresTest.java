package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.NotConnectedException;
import org.wsconnector.SendFailedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * Every way a send can fail over a real connection ends in a {@link WebSocketConnectorException} subtype naming the
 * client, never a raw {@code IOException} or {@code IllegalArgumentException}: a message over the 16 MiB outbound
 * bound, a peer that stops reading while messages pile up (and what is queued for it when the application aborts),
 * and sends racing the application's close.
 */
class SendFailuresTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aMessageLargerThanTheOutboundBoundFailsAsSendFailedAndTheConnectionGoesOn() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("bulk", "uri", server.uri())) {
            DefaultManagedWebSocket client = opened(connector);

            CompletableFuture<Void> huge = client.sendBinary(ByteBuffer.allocate(17 * MIB)).toCompletableFuture();

            SendFailedException failure = failureOf(huge, SendFailedException.class);
            assertThat(failure).hasMessageStartingWith("[bulk] message not sent: ")
                    .hasMessageContaining("larger than the " + 16 * MIB + " bytes the outbound queue holds")
                    .hasMessageNotContaining("not reading"); // nothing was queued: the peer is not to blame
            connector.echo("still open");
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);
        }
    }

    @Test
    void sendsBeyondTheBoundToAPeerThatStoppedReadingFailAsSendFailed() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             FreezableRelay path = FreezableRelay.start(server.port());
             ConnectorUnderTest connector = ConnectorUnderTest.client("bulk", "uri",
                     URI.create("ws://127.0.0.1:" + path.port() + server.uri().getPath()), "write-timeout", "1m")) {
            DefaultManagedWebSocket client = opened(connector);
            path.freeze();

            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 48; i++) { // 48 MiB: more than the bound plus every socket buffer on the way
                sends.add(client.sendBinary(ByteBuffer.allocate(MIB)).toCompletableFuture());
            }

            CompletableFuture<Void> refused = sends.get(sends.size() - 1);
            assertThat(failureOf(refused, SendFailedException.class))
                    .hasMessageContaining("[bulk] message not sent: the peer is not reading");
            assertThat(client.state()).isEqualTo(ConnectionState.OPEN);

            client.abort(); // what is still queued for the frozen peer fails with the socket
            awaitAll(sends);
            long failed = sends.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .peek(send -> failureOf(send, SendFailedException.class)).count();
            assertThat(failed).as("queued sends failed by the abort, beside those refused").isGreaterThan(
                    sends.stream().filter(send -> send.isCompletedExceptionally() && failureOf(send,
                            SendFailedException.class).getMessage().contains("not reading")).count());
        }
    }

    @Test
    void sendsRacingTheApplicationsCloseEachSucceedOrFailAsAConnectorException() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = ConnectorUnderTest.client("racy", "uri", server.uri())) {
            DefaultManagedWebSocket client = opened(connector);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            Thread sender = new Thread(() -> {
                for (int i = 0; i < 2_000; i++) {
                    sends.add(client.sendText("message " + i).toCompletableFuture());
                }
            });

            sender.start();
            CompletableFuture<Void> closed = client.close(4000, "racing").toCompletableFuture();
            sender.join(WAIT.toMillis());

            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            awaitAll(sends);
            for (CompletableFuture<Void> send : sends) {
                if (send.isCompletedExceptionally()) {
                    Throwable cause = catchThrowableOfType(CompletionException.class, send::join).getCause();
                    assertThat(cause).isInstanceOfAny(NotConnectedException.class, SendFailedException.class)
                            .hasMessageStartingWith("[racy] ");
                }
            }
            assertThat(sends).as("the sender finished").hasSize(2_000);
            assertThat(sends.get(sends.size() - 1)).as("the last send came after the close")
                    .isCompletedExceptionally();
        }
    }

    private static DefaultManagedWebSocket opened(ConnectorUnderTest connector) throws InterruptedException {
        DefaultManagedWebSocket client = connector.connection();
        client.awaitOpen(WAIT);
        return client;
    }

    /** Waits, bounded, until every send has completed, whichever way. */
    private static void awaitAll(List<CompletableFuture<Void>> sends) throws Exception {
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).handle((done, failure) -> null)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T extends Throwable> T failureOf(CompletableFuture<Void> send, Class<T> type) {
        Throwable cause = catchThrowableOfType(Exception.class,
                () -> send.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).getCause();
        assertThat(cause).isInstanceOf(type);
        return type.cast(cause);
    }
}
