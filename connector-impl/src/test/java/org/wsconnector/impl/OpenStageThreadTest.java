package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * Over Tyrus against a real server: what is chained on the stages of {@code open()} and {@code close()} runs on a
 * callback worker, never on the I/O thread, a connect thread or the scheduler; and a callback of the same client may
 * wait for {@code open()} without waiting for itself.
 */
class OpenStageThreadTest {

    @Test
    void openAndCloseStagesCompleteOnACallbackWorker() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = onDemandClientOf(server)) {
            DefaultManagedWebSocket client = connector.connection();

            String opened = client.open().thenApply(done -> Thread.currentThread().getName())
                    .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            String closed = client.close(4000, "done").thenApply(done -> Thread.currentThread().getName())
                    .toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(opened).startsWith(DeliveryThreads.THREAD_PREFIX);
            assertThat(closed).startsWith(DeliveryThreads.THREAD_PREFIX);
            assertThat(server.awaitClientClose(4000, WAIT).closeReason().orElseThrow().getReasonPhrase())
                    .isEqualTo("done");
        }
    }

    @Test
    void aCallbackOfTheSameClientMayWaitForOpen() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = onDemandClientOf(server)) {
            DefaultManagedWebSocket client = connector.connection();
            CompletableFuture<ConnectionState> seenInCallback = new CompletableFuture<>();
            client.addListener(new WebSocketListener() {
                @Override
                public void onStateChanged(ConnectionStateChanged change) {
                    if (change.current() == ConnectionState.CONNECTING) {
                        try { // blocks this client's callbacks until the open stage completes
                            client.open().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            seenInCallback.complete(client.state());
                        } catch (Exception e) {
                            seenInCallback.completeExceptionally(e);
                        }
                    }
                }
            });

            client.open();

            assertThat(seenInCallback.get(2 * WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo(ConnectionState.OPEN);
        }
    }

    /** Opened by the test alone: a persistent client would start opening before the test asks. */
    private static ConnectorUnderTest onDemandClientOf(EchoServer server) {
        return ConnectorUnderTest.client("on-demand", "uri", server.uri(), "connection-type", "on-demand");
    }
}
