package org.wsconnector.impl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.impl.keepalive.RawWebSocketPeer;
import org.wsconnector.testbed.SanVariant;
import org.wsconnector.testbed.SslContexts;
import org.wsconnector.testbed.TestCertificates;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wsconnector.impl.RecordingListener.WAIT;

/**
 * A server may send frames in the same TCP segment (and TLS record) as its 101 reply. The connector reads the reply
 * in blocking mode and then hands the connection to the I/O loop, which reads into buffers shared by every
 * connection: bytes already received past the reply — whole frames, and under TLS the start of a record not yet
 * complete — must reach Tyrus first and intact.
 */
class UpgradeReplyWithFramesTest {
    private static final String PASSWORD = SharedCertificates.PASSWORD;
    private static final String SHORT_TEXT = "first, in the reply's own segment";
    /** Larger than one TLS record (16 KB), so the blocking read of the reply ends inside it. */
    private static final String LONG_TEXT = "0123456789abcdef".repeat(2_600);
    private static final TestCertificates certificates = SharedCertificates.get();

    @ParameterizedTest
    @ValueSource(strings = {"ws", "wss"})
    void framesSentWithTheUpgradeReplyArriveFirstAndWhole(String scheme) throws Exception {
        boolean tls = "wss".equals(scheme);
        try (ServerSocket server = tls
                ? SslContexts.withKeyAndTrust(certificates.server(SanVariant.BOTH).keyStore(),
                        certificates.caTrustStore(), PASSWORD.toCharArray())
                    .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> answerWithFrames(server), "upgrade-reply-peer");
            peer.setDaemon(true);
            peer.start();
            URI uri = URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + "/greeting");
            Object[] settings = tls ? new Object[] {"uri", uri, "tls.ca-file", certificates.ca().pemFile()}
                                    : new Object[] {"uri", uri};
            try (ConnectorUnderTest connector = ConnectorUnderTest.client("greeted", settings)) {
                connector.connection().awaitOpen(WAIT);

                connector.events().awaitTexts(2);
                assertThat(connector.events().texts()).containsExactly(SHORT_TEXT, LONG_TEXT);
            }
        }
    }

    /** Answers the upgrade and sends both texts with a single write, so they travel with the reply. */
    private static void answerWithFrames(ServerSocket server) {
        try (Socket socket = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String key = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            reply.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawWebSocketPeer.accept(key) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            writeTextFrame(reply, SHORT_TEXT);
            writeTextFrame(reply, LONG_TEXT);
            socket.getOutputStream().write(reply.toByteArray());
            socket.getOutputStream().flush();
            in.read(); // hold the connection until the client closes it
        } catch (IOException e) {
            // the client went away: the assertions tell what it received
        }
    }

    /** An unmasked server text frame, FIN set, with the 7- or 16-bit length form. */
    private static void writeTextFrame(ByteArrayOutputStream out, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        out.write(0x81);
        if (payload.length <= 125) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.writeBytes(payload);
    }
}
