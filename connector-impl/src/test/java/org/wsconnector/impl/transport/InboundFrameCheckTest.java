package org.wsconnector.impl.transport;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.tyrus.RawServer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frame-header reader behind max-message-size follows frames across reads that split them anywhere — inside a
 * header, inside a payload — and finds the same oversized message whatever the split.
 */
class InboundFrameCheckTest {
    private static final int LIMIT = 1024;

    @Test
    void framesWithinTheLimitPassWhereverTheReadsSplitThem() {
        int limit = 70_000; // room for a frame with a 64-bit length
        byte[] stream = concat(RawServer.frame(RawServer.OP_TEXT, true, new byte[100]),
                RawServer.frame(RawServer.OP_BINARY, false, new byte[600]),
                RawServer.frame(0x9, true, new byte[125]),
                RawServer.frame(RawServer.OP_CONTINUATION, true, new byte[limit - 600]),
                RawServer.frame(RawServer.OP_BINARY, true, new byte[limit]));
        for (int split = 0; split <= stream.length; split++) {
            InboundFrameCheck sizes = new InboundFrameCheck(limit);
            assertThat(sizes.firstRefusedFrame(ByteBuffer.wrap(stream, 0, split))).as("split at %d", split)
                    .isEqualTo(-1);
            assertThat(sizes.firstRefusedFrame(ByteBuffer.wrap(stream, split, stream.length - split)))
                    .as("split at %d", split).isEqualTo(-1);
        }
    }

    /** The counters' bytes received: data payload only (a ping's is not), the same whatever the split. */
    @Test
    void dataPayloadBytesAreCountedExactlyAndControlFramesNotWhereverTheReadsSplitThem() {
        int limit = 70_000;
        byte[] stream = concat(RawServer.frame(RawServer.OP_TEXT, true, new byte[100]),
                RawServer.frame(RawServer.OP_BINARY, false, new byte[600]),
                RawServer.frame(0x9, true, new byte[125]),
                RawServer.frame(RawServer.OP_CONTINUATION, true, new byte[limit - 600]),
                RawServer.frame(RawServer.OP_BINARY, true, new byte[limit]));
        long dataBytes = 100 + limit + limit;
        for (int split = 0; split <= stream.length; split++) {
            InboundFrameCheck check = new InboundFrameCheck(limit);
            check.firstRefusedFrame(ByteBuffer.wrap(stream, 0, split));
            long first = check.takeDataPayloadBytes();
            check.firstRefusedFrame(ByteBuffer.wrap(stream, split, stream.length - split));
            assertThat(first + check.takeDataPayloadBytes()).as("split at %d", split).isEqualTo(dataBytes);
            assertThat(check.takeDataPayloadBytes()).as("taken: counting starts again").isZero();
        }
    }

    @Test
    void theOversizedMessageIsFoundAtItsHeaderWhereverTheReadsSplitThem() {
        byte[] allowed = RawServer.frame(RawServer.OP_TEXT, true, new byte[100]);
        byte[] oversized = concat(RawServer.frame(RawServer.OP_TEXT, false, new byte[LIMIT]),
                RawServer.frame(RawServer.OP_CONTINUATION, true, new byte[1]));
        byte[] stream = concat(allowed, oversized);
        int continuationHeader = allowed.length + RawServer.frame(RawServer.OP_TEXT, false, new byte[LIMIT]).length;
        for (int split = 0; split <= stream.length; split++) {
            InboundFrameCheck limit = new InboundFrameCheck(LIMIT);
            int found = refusedAt(limit, stream, split);
            // A header split by the read is refused at the start of the read that completes it.
            assertThat(found).as("split at %d", split).isIn(continuationHeader, split);
            assertThat(found).as("split at %d", split).isGreaterThanOrEqualTo(continuationHeader);
            assertThat(limit.describeRefusal()).contains("at least " + (LIMIT + 1) + " bytes (in fragments)");
        }
    }

    @Test
    void aMaskedFrameIsRefusedAtItsHeaderWhereverTheReadsSplitThem() {
        byte[] allowed = RawServer.frame(RawServer.OP_TEXT, true, new byte[10]);
        byte[] masked = {(byte) (0x80 | RawServer.OP_TEXT), (byte) (0x80 | 2), 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
        byte[] stream = concat(allowed, masked);
        for (int split = 0; split <= stream.length; split++) {
            InboundFrameCheck check = new InboundFrameCheck(LIMIT);
            int found = refusedAt(check, stream, split);
            assertThat(found).as("split at %d", split).isIn(allowed.length, split);
            assertThat(found).as("split at %d", split).isGreaterThanOrEqualTo(allowed.length);
            assertThat(check.refusal()).isEqualTo(InboundFrameCheck.Refusal.MASKED);
            assertThat(check.refusal().closeCode()).isEqualTo(1002);
        }
    }

    /** Found by UpgradeAndFrameFuzzTest: such a length was taken for a message over 2^63 bytes and closed with 1009. */
    @Test
    void aSixtyFourBitLengthWithItsTopBitSetIsAProtocolError() {
        byte[] header = RawServer.header(RawServer.OP_BINARY, true, 0x10000);
        header[2] |= (byte) 0x80;
        InboundFrameCheck check = new InboundFrameCheck(LIMIT);
        byte[] stream = concat(RawServer.frame(RawServer.OP_TEXT, true, new byte[3]), header);
        assertThat(check.firstRefusedFrame(ByteBuffer.wrap(stream))).isEqualTo(5);
        assertThat(check.refusal()).isEqualTo(InboundFrameCheck.Refusal.INVALID_LENGTH);
        assertThat(check.refusal().closeCode()).isEqualTo(1002);
        assertThat(check.describeRefusal()).contains("most significant bit").contains("1002");
    }

    /** Where in {@code stream} the check refuses a frame when the stream arrives in two reads split at {@code split}. */
    private static int refusedAt(InboundFrameCheck check, byte[] stream, int split) {
        int inFirst = check.firstRefusedFrame(ByteBuffer.wrap(Arrays.copyOf(stream, split)));
        return inFirst >= 0 ? inFirst
                : split + check.firstRefusedFrame(ByteBuffer.wrap(Arrays.copyOfRange(stream, split, stream.length)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
