package org.wsconnector.impl.tyrus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wsconnector.MessageTooLargeException;
import org.wsconnector.impl.tyrus.RawServer.Peer;
import org.wsconnector.impl.tyrus.TransportUnderTest.Connecting;
import org.wsconnector.impl.tyrus.TransportUnderTest.RecordedEvents;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.wsconnector.impl.tyrus.TransportUnderTest.PATIENCE;

/**
 * max-message-size holds against a hostile server: a message over it, in one frame or in fragments, text or binary,
 * ends the connection with 1009 and a {@link MessageTooLargeException} before it is buffered; one of exactly the
 * limit is delivered. The limit counts payload bytes (UTF-8 for text), as the key's documentation says.
 */
class MaxMessageSizeTest extends AgainstRawServer {
    private static final int LIMIT = 1024;

    /** How the server sends the message. */
    enum Shape {
        TEXT_IN_ONE_FRAME(RawServer.OP_TEXT, false),
        TEXT_IN_FRAGMENTS(RawServer.OP_TEXT, true),
        BINARY_IN_ONE_FRAME(RawServer.OP_BINARY, false),
        BINARY_IN_FRAGMENTS(RawServer.OP_BINARY, true);

        final int opcode;
        final boolean fragmented;

        Shape(int opcode, boolean fragmented) {
            this.opcode = opcode;
            this.fragmented = fragmented;
        }

        /**
         * {@code payload} as one frame, or as three fragments with a ping between the first two (control frames may
         * interleave and do not count).
         */
        byte[] frames(byte[] payload) {
            if (!fragmented) {
                return RawServer.frame(opcode, true, payload);
            }
            int third = payload.length / 3;
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(RawServer.frame(opcode, false, Arrays.copyOfRange(payload, 0, third)));
            frames.writeBytes(RawServer.frame(0x9, true, new byte[] {1, 2, 3}));
            frames.writeBytes(RawServer.frame(RawServer.OP_CONTINUATION, false,
                    Arrays.copyOfRange(payload, third, 2 * third)));
            frames.writeBytes(RawServer.frame(RawServer.OP_CONTINUATION, true,
                    Arrays.copyOfRange(payload, 2 * third, payload.length)));
            return frames.toByteArray();
        }

        String received(RecordedEvents events) {
            return opcode == RawServer.OP_TEXT ? String.join("|", events.texts())
                    : String.join("|", events.binariesAsText());
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aMessageOfExactlyTheLimitIsDeliveredAndSoIsTheNextOne(Shape shape) throws Exception {
        byte[] largest = letters(LIMIT);
        Connecting client = transport.connect("bounded", server.uri(), "max-message-size", String.valueOf(LIMIT));
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            client.awaitLink();

            peer.send(shape.frames(largest), shape.frames("next".getBytes()));

            await("both messages").atMost(PATIENCE).until(() -> shape.received(client.events()),
                    received -> received.equals(new String(largest) + "|next"));
            assertThat(client.events().isClosed()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aMessageOneByteOverTheLimitClosesTheConnectionWith1009AndMessageTooLarge(Shape shape) throws Exception {
        Connecting client = transport.connect("bounded", server.uri(), "max-message-size", String.valueOf(LIMIT));
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            client.awaitLink();

            peer.send(shape.frames("before".getBytes()), shape.frames(letters(LIMIT + 1)));

            assertThat(peer.readUntilCloseFrame().closeCode()).isEqualTo(1009);
            peer.close(); // as a server does after the closing handshake: the client stops waiting for it
            RecordedEvents.Closed closed = client.events().awaitClosed();
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.failure()).isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("max-message-size").hasMessageContaining(LIMIT + " bytes")
                    .hasMessageContaining(shape.fragmented ? "in fragments" : "in one frame");
            assertThat(shape.received(client.events())).as("what came before the oversized message")
                    .isEqualTo("before");
        }
    }

    @Test
    void aFrameAnnouncing256MegabytesIsRefusedFromItsHeaderAlone() throws Exception {
        Connecting client = transport.connect("bounded", server.uri());
        try (Peer peer = server.accept()) {
            peer.answerUpgrade();
            client.awaitLink();

            peer.send(RawServer.header(RawServer.OP_BINARY, true, 256L * 1024 * 1024)); // no payload follows

            assertThat(peer.readUntilCloseFrame().closeCode()).isEqualTo(1009);
            peer.close();
            RecordedEvents.Closed closed = client.events().awaitClosed();
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.failure()).isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("at least " + 256L * 1024 * 1024 + " bytes")
                    .hasMessageContaining("max-message-size (" + 16 * 1024 * 1024 + " bytes)");
        }
    }

    private static byte[] letters(int length) {
        byte[] letters = new byte[length];
        for (int i = 0; i < length; i++) {
            letters[i] = (byte) ('a' + i % 26);
        }
        return letters;
    }
}
