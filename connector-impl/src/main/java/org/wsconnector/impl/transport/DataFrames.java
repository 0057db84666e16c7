package org.wsconnector.impl.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Client data frames (RFC 6455 5.2), built by the connector instead of Tyrus for application sends. Measured in the
 * bench module: on the send path Tyrus spends most of its time in its own character-by-character UTF-8 encoder and
 * byte-by-byte masking; here the JDK's intrinsic UTF-8 encoding and 8-byte-wide masking do the same work, and the
 * frame is built once, in the buffer that goes to the socket. Tyrus still frames control frames (ping, pong, close)
 * and parses everything received.
 *
 * <p>Whole messages only (FIN set, no fragmentation), masked with a fresh key from {@link SecureRandom} per frame, as
 * RFC 6455 10.3 requires of clients and as Tyrus does.
 */
public final class DataFrames {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;
    private static final int MASKED = 0x80;
    private static final SecureRandom MASKING_KEYS = new SecureRandom();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private DataFrames() {
    }

    /**
     * A masked text frame. Strict like Tyrus: a string with an unpaired surrogate is not valid text and is refused,
     * never sent with a replacement character.
     *
     * @throws IllegalArgumentException if {@code text} is not well-formed UTF-16
     */
    public static ByteBuffer text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (mayHoldReplacement(utf8)) {
            requireWellFormed(text);
        }
        return frame(OPCODE_TEXT, utf8, 0, utf8.length);
    }

    /** A masked binary frame carrying the remaining bytes of {@code data}; the buffer's position is not moved. */
    public static ByteBuffer binary(ByteBuffer data) {
        ByteBuffer view = data.duplicate();
        byte[] payload;
        int offset;
        if (view.hasArray()) {
            payload = view.array();
            offset = view.arrayOffset() + view.position();
        } else {
            payload = new byte[view.remaining()];
            view.get(payload);
            offset = 0;
        }
        return frame(OPCODE_BINARY, payload, offset, data.remaining());
    }

    /**
     * The payload length of a frame made here (before it is written: its position at the frame's start), read from its
     * header without decoding anything: for the counters, on the message path.
     */
    public static long payloadLength(ByteBuffer frame) {
        int lengthCode = frame.get(frame.position() + 1) & 0x7F;
        int header = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + 4;
        return frame.remaining() - header;
    }

    private static ByteBuffer frame(int opcode, byte[] payload, int offset, int length) {
        int header = 2 + (length <= 125 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) (FIN | opcode);
        int at;
        if (length <= 125) {
            frame[1] = (byte) (MASKED | length);
            at = 2;
        } else if (length <= 0xFFFF) {
            frame[1] = (byte) (MASKED | 126);
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            at = 4;
        } else {
            frame[1] = (byte) (MASKED | 127);
            long longLength = length;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (longLength >>> (56 - 8 * i));
            }
            at = 10;
        }
        int key = MASKING_KEYS.nextInt();
        frame[at] = (byte) (key >>> 24);
        frame[at + 1] = (byte) (key >>> 16);
        frame[at + 2] = (byte) (key >>> 8);
        frame[at + 3] = (byte) key;
        mask(payload, offset, length, key, frame, at + 4);
        return ByteBuffer.wrap(frame);
    }

    /** XORs payload byte i with key byte (i mod 4), eight bytes at a time. */
    static void mask(byte[] payload, int offset, int length, int key, byte[] target, int targetOffset) {
        long wideKey = (key & 0xFFFFFFFFL) << 32 | (key & 0xFFFFFFFFL);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = (long) LONGS.get(payload, offset + i);
            LONGS.set(target, targetOffset + i, word ^ wideKey);
        }
        for (; i < length; i++) {
            target[targetOffset + i] = (byte) (payload[offset + i] ^ (key >>> (24 - 8 * (i & 3))));
        }
    }

    /** The JDK writes '?' for an unpaired surrogate; only then is the slower strict check needed. */
    private static boolean mayHoldReplacement(byte[] utf8) {
        for (byte b : utf8) {
            if (b == '?') {
                return true;
            }
        }
        return false;
    }

    private static void requireWellFormed(String text) {
        try {
            StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the text is not well-formed UTF-16 (unpaired surrogate); "
                    + "a WebSocket text message must be valid UTF-8", e);
        }
    }
}
