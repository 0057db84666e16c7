package org.wsconnector.impl.transport;

import java.nio.ByteBuffer;

/**
 * Checks the frame headers (RFC 6455 5.2) of what the server sends, on the bytes' way to Tyrus, for what Tyrus does
 * not refuse or refuses too late: a message over {@code max-message-size}, a masked frame (5.1: a server must not
 * mask, and the client must fail the connection with 1002; Tyrus 2.2's client unmasks and delivers it), and a 64-bit
 * length with its most significant bit set (5.2 forbids it: a broken frame, 1002, not a large one). A header
 * announces its payload length before any payload arrives, so an oversized message is refused before a byte of it is
 * buffered — in one frame or in fragments. It also notes a close frame without a status code, which Tyrus reports
 * as 1000 ({@link #closeWithoutCode()}).
 *
 * <p>Why not Tyrus's own bounds (Tyrus 2.2 source): a message in one frame is never checked against
 * {@code Session.getMaxText/BinaryMessageBufferSize} — {@code TyrusEndpointWrapper.onMessage} hands it to the handler
 * as is; only the frame buffer of {@code TyrusClientEngine.TyrusReadHandler} bounds it, after buffering up to
 * {@code INCOMING_BUFFER_SIZE} (4 MB by default), and then closes with 1011 "Buffer overflow." instead of 1009.
 * Fragments are checked ({@code TextBuffer}/{@code BinaryBuffer} throw {@code MessageTooBigException}, 1009), but
 * text in UTF-16 characters, not bytes. Here every data message is measured in payload bytes (no extension that
 * changes payload lengths is ever negotiated), and the connection fails with 1009 in every case.
 *
 * <p>One instance per connection, used on the I/O loop's thread only. Costs a few byte reads per frame; payload is
 * skipped, not read.
 */
public final class InboundFrameCheck {

    /** Why a frame was refused; each fails the connection with its own close code. */
    public enum Refusal {
        /** The message goes over max-message-size: 1009. */
        TOO_BIG(1009),
        /** The server masked the frame: 1002. */
        MASKED(1002),
        /** A 64-bit payload length with its most significant bit set, which RFC 6455 5.2 forbids: 1002. */
        INVALID_LENGTH(1002);

        private final int closeCode;

        Refusal(int closeCode) {
            this.closeCode = closeCode;
        }

        public int closeCode() {
            return closeCode;
        }
    }

    private static final int MAX_HEADER_LENGTH = 2 + 8 + 4;
    private static final int FIN = 0x80;
    private static final int MASKED_BIT = 0x80;
    private static final int FIRST_CONTROL_OPCODE = 0x8;
    private static final int CLOSE = 0x8;
    private static final int CONTINUATION = 0x0;

    private final long maxMessageSize;
    /** Payload bytes of the current frame still to pass by. */
    private long payloadLeft;
    /** Payload bytes of the data message in progress: its fragments so far. */
    private long messageSize;
    /** The start of a header split across two reads; allocated the first time that happens. */
    private byte[] partialHeader;
    private int partialHeaderLength;
    private long rejectedSize;
    private boolean rejectedFragmented;
    private Refusal refusal;
    /** Whether the frame whose payload is passing is a data frame: its bytes are counted. */
    private boolean dataFrame;
    /** Payload bytes of data frames passed since {@link #takeDataPayloadBytes()}. */
    private long dataPayloadBytes;
    /** Whether the server sent a close frame without a payload, so without a status code. */
    private volatile boolean closeWithoutCode;

    public InboundFrameCheck(long maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Follows the frames in {@code received} (its position is not moved) and returns the index of the first header
     * that is refused ({@link #refusal()} says why), or -1 when all are acceptable. After a refusal the connection
     * must fail: this check no longer knows where frames start.
     */
    public int firstRefusedFrame(ByteBuffer received) {
        int at = received.position();
        int end = received.limit();
        while (at < end) {
            if (payloadLeft > 0) {
                int passed = (int) Math.min(payloadLeft, end - at);
                at += passed;
                payloadLeft -= passed;
                if (dataFrame) {
                    dataPayloadBytes += passed;
                }
                continue;
            }
            int available = partialHeaderLength + end - at;
            if (available < 2) {
                keepPartialHeader(received, at, end);
                return -1;
            }
            int first = byteOfHeader(received, at, 0);
            int second = byteOfHeader(received, at, 1);
            int lengthCode = second & 0x7F;
            int lengthBytes = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
            int headerLength = 2 + lengthBytes + ((second & 0x80) != 0 ? 4 : 0);
            if (available < headerLength) {
                keepPartialHeader(received, at, end);
                return -1;
            }
            if ((second & MASKED_BIT) != 0) {
                refusal = Refusal.MASKED;
                return at;
            }
            long payloadLength = lengthBytes == 0 ? lengthCode : lengthOfHeader(received, at, lengthBytes);
            if (payloadLength < 0) { // the top bit of a 64-bit length: a broken frame, not a large one
                refusal = Refusal.INVALID_LENGTH;
                return at;
            }
            int opcode = first & 0x0F;
            if (opcode == CLOSE && payloadLength == 0) {
                closeWithoutCode = true;
            }
            dataFrame = opcode < FIRST_CONTROL_OPCODE;
            if (dataFrame) { // control frames may come between fragments and are not counted
                if (opcode != CONTINUATION) {
                    messageSize = 0;
                }
                if (payloadLength > maxMessageSize - messageSize) {
                    rejectedSize = messageSize + payloadLength;
                    rejectedFragmented = opcode == CONTINUATION || (first & FIN) == 0;
                    refusal = Refusal.TOO_BIG;
                    return at; // a header split across reads is refused at the start of the second read
                }
                messageSize = (first & FIN) != 0 ? 0 : messageSize + payloadLength;
            }
            at += headerLength - partialHeaderLength;
            partialHeaderLength = 0;
            payloadLeft = payloadLength;
        }
        return -1;
    }

    /**
     * Payload bytes of the data frames that passed since the last call (what precedes a refused frame included), and
     * starts counting again from zero: for the connection's counters, once per read.
     */
    public long takeDataPayloadBytes() {
        long taken = dataPayloadBytes;
        dataPayloadBytes = 0;
        return taken;
    }

    /**
     * Whether a close frame without a status code has passed (RFC 6455 7.1.5: its code is then 1005, "no status
     * received"). Tyrus reports such a close as 1000, which would tell the application the server said "normal
     * closure" when it said nothing. Read on the thread Tyrus reports the close on, after these bytes reached it.
     */
    public boolean closeWithoutCode() {
        return closeWithoutCode;
    }

    /** Why the last refusal happened; null before one. */
    public Refusal refusal() {
        return refusal;
    }

    /** Why the last refusal happened, for the exception the application sees. */
    public String describeRefusal() {
        if (refusal == Refusal.MASKED) {
            return "the server sent a masked frame, which RFC 6455 (5.1) forbids; the connector closed the connection "
                    + "with 1002 (protocol error)";
        }
        if (refusal == Refusal.INVALID_LENGTH) {
            return "the server sent a frame whose 64-bit length has its most significant bit set, which RFC 6455 (5.2) "
                    + "forbids; the connector closed the connection with 1002 (protocol error)";
        }
        return "the server sent a message of at least " + rejectedSize + " bytes"
                + (rejectedFragmented ? " (in fragments)" : " (in one frame)") + ", larger than max-message-size ("
                + maxMessageSize + " bytes); the connector closed the connection with 1009 before buffering it";
    }

    private int byteOfHeader(ByteBuffer received, int at, int index) {
        return (index < partialHeaderLength ? partialHeader[index]
                : received.get(at + index - partialHeaderLength)) & 0xFF;
    }

    private long lengthOfHeader(ByteBuffer received, int at, int lengthBytes) {
        long length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = length << 8 | byteOfHeader(received, at, 2 + i);
        }
        return length;
    }

    private void keepPartialHeader(ByteBuffer received, int at, int end) {
        if (partialHeader == null) {
            partialHeader = new byte[MAX_HEADER_LENGTH];
        }
        for (int i = at; i < end; i++) {
            partialHeader[partialHeaderLength++] = received.get(i);
        }
    }
}
