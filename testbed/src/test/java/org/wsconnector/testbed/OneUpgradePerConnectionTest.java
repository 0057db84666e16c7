package org.wsconnector.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.junit.jupiter.api.Test;

/**
 * A read that is still on its way to Tyrus when the server closes the connection must not open a second session:
 * under load the reading thread can lag behind the close, and the echo server then recorded a connection with the
 * upgrade request of one that had just closed (SquidTunnelTest saw three connections for two squid tunnels). The
 * lag is made here by holding the read in a filter right before the WebSocket filter until the TCP connection is
 * closed.
 */
class OneUpgradePerConnectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void aReadThatReachesTyrusAfterTheServerClosedTheConnectionOpensNoSecondSession() throws Exception {
        HeldRead held = new HeldRead();
        try (EchoServer server = EchoServer.builder()
                .beforeWebSocket((listener, builder) ->
                        builder.add(builder.indexOfType(HttpServerFilter.class), held))
                .start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            String key = upgrade(socket, server.port());
            server.awaitOpenSessions(1, PATIENCE);

            held.arm();
            socket.getOutputStream().write(new byte[] {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4}); // a masked ping
            socket.getOutputStream().flush();
            assertThat(held.reached.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("the ping was read").isTrue();

            server.closeAllSessions(4000, "bye");
            assertThat(drainUntilClosed(socket.getInputStream())).as("the server closed the connection").isTrue();
            held.release.countDown();
            assertThat(held.passed.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the held read went through the chain").isTrue();

            assertThat(server.connections()).as("connections recorded: the one the client made")
                    .singleElement()
                    .satisfies(connection -> {
                        assertThat(connection.header("Sec-WebSocket-Key")).contains(key);
                        assertThat(connection.closeCode()).hasValue(4000);
                    });
            assertThat(server.openSessionCount()).isZero();
        }
    }

    /** Sends an upgrade request and reads the reply head; returns the key sent. */
    private static String upgrade(Socket socket, int port) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        OutputStream out = socket.getOutputStream();
        out.write(("GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String end = "\r\n\r\n";
        for (int matched = 0; matched < end.length(); ) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the upgrade reply ended");
            }
            matched = b == end.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return key;
    }

    /** Reads (the close frame) until the server closes; bounded by the socket timeout. */
    private static boolean drainUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (IOException reset) {
                return true; // closed as well, just less politely
            }
        }
        return false;
    }

    /** Holds, once armed, the first read that carries bytes until released: the reading thread lagging behind. */
    private static final class HeldRead extends BaseFilter {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch passed = new CountDownLatch(1);
        private volatile boolean armed;

        void arm() {
            armed = true;
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) throws IOException {
            HttpContent content = ctx.getMessage();
            if (armed && content.getContent().hasRemaining()) {
                armed = false;
                ctx.addCompletionListener(completed -> passed.countDown());
                reached.countDown();
                try {
                    release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return ctx.getInvokeAction();
        }
    }
}
