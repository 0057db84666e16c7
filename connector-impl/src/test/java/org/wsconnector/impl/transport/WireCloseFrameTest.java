package org.wsconnector.impl.transport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector's own data frames share the wire with Tyrus's control frames: once Tyrus has written a close frame
 * (for instance answering the server's close on the I/O thread while the application sends), no data frame may
 * follow it on the wire (RFC 6455 5.5.1); the late send fails instead.
 */
class WireCloseFrameTest {
    /** A masked close frame with status 1000, as Tyrus writes it. */
    private static final byte[] CLOSE_FRAME = {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 0x03 ^ 1, (byte) (0xE8 ^ 2)};

    @Test
    void aDataFrameAfterTheCloseFrameFailsAndNeverReachesTheWire() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getLocalPort()));
            try (Socket peer = server.accept()) {
                WriteQueue wire = new Wire(channel, null).writes();
                ByteBuffer before = DataFrames.text("before");
                int beforeLength = before.remaining();

                CompletableFuture<Void> dataBefore = send(handler -> wire.writeDataFrame(before, handler));
                CompletableFuture<Void> close = send(handler -> wire.write(ByteBuffer.wrap(CLOSE_FRAME), handler));
                CompletableFuture<Void> dataAfter = send(handler -> wire.writeDataFrame(DataFrames.text("after"),
                        handler));
                channel.close();

                assertThat(dataBefore).succeedsWithin(5, TimeUnit.SECONDS);
                assertThat(close).succeedsWithin(5, TimeUnit.SECONDS);
                assertThat(dataAfter).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                        .havingRootCause().isInstanceOf(IOException.class).withMessageContaining("closing");
                byte[] received = readToEnd(peer);
                assertThat(received).hasSize(beforeLength + CLOSE_FRAME.length);
                assertThat(java.util.Arrays.copyOfRange(received, beforeLength, received.length)).isEqualTo(CLOSE_FRAME);
            }
        }
    }

    private interface Sender {
        void send(WriteCompletion handler);
    }

    private static CompletableFuture<Void> send(Sender sender) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        sender.send(new WriteCompletion() {
            @Override
            public void written() {
                result.complete(null);
            }

            @Override
            public void failed(Throwable throwable) {
                result.completeExceptionally(throwable);
            }
        });
        return result;
    }

    private static byte[] readToEnd(Socket peer) throws IOException {
        peer.setSoTimeout(5_000);
        InputStream in = peer.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }
}
