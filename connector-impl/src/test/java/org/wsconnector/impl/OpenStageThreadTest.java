package org.wsconnector.impl;

import org.junit.jupiter.api.Test;
import org.wsconnector.ConnectionState;
import org.wsconnector.ConnectionStateChanged;
import org.wsconnector.WebSocketListener;
import org.wsconnector.impl.engine.DefaultManagedWebSocket;
import org.wsconnector.testbed.EchoServer;
import org.wsconnector.testbed.FreezableRelay;

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
             FreezableRelay relay = FreezableRelay.start(server.port());
             ConnectorUnderTest connector = onDemandClientOf("ws://127.0.0.1:" + relay.port() + "/echo")) {
            DefaultManagedWebSocket client = connector.connection();

            // A dependent attached to a stage that is already complete runs on the attaching thread, whoever
            // completed the stage; a slow test thread would then see "main". The frozen path keeps each stage
            // pending until its dependent is attached, so the thread seen is the one that completes the stage.
            relay.freeze();
            CompletableFuture<String> opened = client.open().thenApply(done -> Thread.currentThread().getName())
                    .toCompletableFuture();
            relay.unfreeze();
            assertThat(opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith(DeliveryThreads.THREAD_PREFIX);

            relay.freeze();
            CompletableFuture<String> closed = client.close(4000, "done")
                    .thenApply(done -> Thread.currentThread().getName()).toCompletableFuture();
            relay.unfreeze();
            assertThat(closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).startsWith(DeliveryThreads.THREAD_PREFIX);
            assertThat(server.awaitClientClose(4000, WAIT).closeReason().orElseThrow().getReasonPhrase())
                    .isEqualTo("done");
        }
    }

    @Test
    void aCallbackOfTheSameClientMayWaitForOpen() throws Exception {
        try (EchoServer server = EchoServer.builder().start();
             ConnectorUnderTest connector = onDemandClientOf(server.uri().toString())) {
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
    private static ConnectorUnderTest onDemandClientOf(String uri) {
        return ConnectorUnderTest.client("on-demand", "uri", uri, "connection-type", "on-demand");
    }
}
