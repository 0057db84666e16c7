package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.transport.IoLoop;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * One I/O thread reads every connection, so nothing one connection's handling throws may stop it — an {@link Error}
 * such as OutOfMemoryError included: that connection ends with the failure as its cause, the others keep reading.
 */
class IoLoopSurvivesFailuresTest {

    @Test
    void anErrorWhileHandlingOneConnectionsMessageEndsThatConnectionAndTheOtherKeepsReading() throws Exception {
        OutOfMemoryError thrown = new OutOfMemoryError("simulated: no heap left for this peer's message");
        RecordedEvents failing = new RecordedEvents() {
            @Override
            public void onText(String text) {
                throw thrown;
            }
        };
        try (RawServer server = RawServer.start(); TransportUnderTest transport = new TransportUnderTest()) {
            Connecting doomed = transport.connect("doomed", server.uri(), failing);
            try (Peer doomedPeer = server.accept()) {
                doomedPeer.answerUpgrade();
                doomed.awaitLink();
                Connecting healthy = transport.connect("healthy", server.uri());
                try (Peer healthyPeer = server.accept()) {
                    healthyPeer.answerUpgrade();
                    healthy.awaitLink();

                    doomedPeer.send(RawServer.textFrame("this one fails"));
                    assertThat(doomedPeer.readUntilCloseFrame().closeCode()).isEqualTo(1011);
                    doomedPeer.close();
                    RecordedEvents.Closed closed = failing.awaitClosed();
                    assertThat(closed.code()).isEqualTo(1011);
                    assertThat(closed.failure()).isSameAs(thrown);

                    healthyPeer.send(RawServer.textFrame("still read"));
                    await("the healthy connection's message").atMost(PATIENCE)
                            .until(() -> healthy.events().texts().contains("still read"));
                    assertThat(healthy.events().isClosed()).isFalse();
                }
            }
        }
    }

    @Test
    void aHandlerThatThrowsAnErrorEndsOnlyItsOwnConnectionAndATaskThatThrowsEndsNothing() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
             IoLoop loop = new IoLoop(runnable -> new Thread(runnable, "failing-loop-test"))) {
            Error thrown = new StackOverflowError("simulated");
            RecordingHandler doomed = new RecordingHandler(() -> {
                throw thrown;
            });
            RecordingHandler healthy = new RecordingHandler(null);
            try (Socket doomedPeer = connect(server, loop, doomed); Socket healthyPeer = connect(server, loop, healthy)) {
                doomedPeer.getOutputStream().write(1);
                assertThat(doomed.failure).succeedsWithin(PATIENCE).isSameAs(thrown);

                CountDownLatch laterTask = new CountDownLatch(1);
                loop.execute(() -> {
                    throw new AssertionError("simulated failing task");
                });
                loop.execute(laterTask::countDown);
                assertThat(laterTask.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("a task after it ran").isTrue();

                healthyPeer.getOutputStream().write("still read".getBytes(StandardCharsets.US_ASCII));
                await("the healthy connection's bytes").atMost(PATIENCE)
                        .until(() -> healthy.received.toString().equals("still read"));
                assertThat(healthy.failure).isNotDone();
            }
        }
    }

    private static Socket connect(ServerSocket server, IoLoop loop, RecordingHandler handler) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                server.getLocalPort()));
        Socket peer = server.accept();
        channel.configureBlocking(false);
        handler.channel = channel;
        loop.register(channel, handler, key -> { });
        return peer;
    }

    /** Reads what arrives as ASCII, then runs {@code afterRead} (which may throw) when it read something. */
    private static final class RecordingHandler implements IoLoop.Handler {
        private final Runnable afterRead;
        private final StringBuffer received = new StringBuffer();
        private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        private volatile SocketChannel channel;

        RecordingHandler(Runnable afterRead) {
            this.afterRead = afterRead;
        }

        @Override
        public void readable() {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            try {
                channel.read(buffer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            received.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII));
            if (buffer.position() > 0 && afterRead != null) {
                afterRead.run();
            }
        }

        @Override
        public void writable() {
        }

        @Override
        public void closed(String reason) {
        }

        @Override
        public void handlingFailed(Throwable cause) {
            failure.complete(cause);
            try {
                channel.close();
            } catch (IOException e) {
                // test handler: closing is best effort
            }
        }
    }
}
