package org.wsconnector.impl;

import org.wsconnector.ConnectionLostException;
import org.wsconnector.MessageTooLargeException;
import org.wsconnector.impl.tyrus.RawServer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded frame sequences a server sends after a valid 101: legal frames (text, binary, fragments with control frames
 * between them, pings, pongs) followed by one ending — a close, a protocol error, a truncated frame, or just the end
 * of TCP — and what RFC 6455 has the client do about it: the messages it delivers, the close code it answers with
 * (or none), and the code the connection is reported lost with.
 */
final class FrameSequenceMutations {
    static final int MAX_MESSAGE_SIZE = 4096;
    /** The client answers with a close frame of any code: the server sent an empty close. */
    static final int ANY_CODE = -2;
    /** The client sends no close frame: the server ended TCP first. */
    static final int NO_CLOSE_FRAME = -1;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int FIN = 0x80;
    private static final String[] TEXTS = {"", "a", "hello", "caf\u00e9", "\u20ac\u20ac", "\ud83d\ude00 grin",
        "\u001b[2J\u0007", "line\r\nbreak"};

    /**
     * The bytes to send, the text and binary messages the client must deliver from them, the payloads of the pings
     * it must answer (hex), the code of its close frame, and the code and exception type it must report the end with.
     */
    record Sequence(String summary, byte[] bytes, List<String> texts, List<String> binaries, List<String> pings,
                    int closeCode,
                    int reportedCode, Class<? extends ConnectionLostException> reportedAs) {
        @Override
        public String toString() {
            return summary + " -> close " + closeCode + ", reported " + reportedCode;
        }
    }

    private final SplittableRandom random;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<String> texts = new ArrayList<>();
    private final List<String> binaries = new ArrayList<>();
    private final List<String> pings = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();

    private FrameSequenceMutations(SplittableRandom random) {
        this.random = random;
    }

    static Sequence next(SplittableRandom random) {
        return new FrameSequenceMutations(random).sequence();
    }

    private Sequence sequence() {
        for (int legal = random.nextInt(5); legal > 0; legal--) {
            legalStep();
        }
        return ending();
    }

    private void legalStep() {
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                String text = text();
                write(RawServer.frame(RawServer.OP_TEXT, true, utf8(text)));
                texts.add(text);
                steps.add("text");
            }
            case 2 -> {
                byte[] data = noise(random.nextInt(300));
                write(RawServer.frame(RawServer.OP_BINARY, true, data));
                binaries.add(hex(data));
                steps.add("binary");
            }
            case 3 -> {
                String text = text() + text() + text();
                fragments(RawServer.OP_TEXT, utf8(text), true);
                texts.add(text);
                steps.add("fragmented text");
            }
            case 4 -> {
                byte[] data = noise(1 + random.nextInt(MAX_MESSAGE_SIZE));
                fragments(RawServer.OP_BINARY, data, true);
                binaries.add(hex(data));
                steps.add("fragmented binary");
            }
            default -> {
                if (random.nextBoolean()) {
                    ping(noise(random.nextInt(126)));
                    steps.add("ping");
                } else {
                    write(RawServer.frame(OP_PONG, true, noise(random.nextInt(126))));
                    steps.add("pong");
                }
            }
        }
    }

    /**
     * {@code payload} in two to four fragments, split anywhere (inside a UTF-8 sequence too), with pings between them
     * if {@code withPings}: only where the client reads every fragment, which it does not once it refuses one.
     */
    private void fragments(int opcode, byte[] payload, boolean withPings) {
        int parts = 2 + random.nextInt(3);
        int at = 0;
        for (int part = 0; part < parts; part++) {
            int end = part == parts - 1 ? payload.length : at + random.nextInt(payload.length - at + 1);
            write(RawServer.frame(part == 0 ? opcode : RawServer.OP_CONTINUATION, part == parts - 1,
                    Arrays.copyOfRange(payload, at, end)));
            at = end;
            if (withPings && part < parts - 1 && random.nextBoolean()) {
                ping(noise(random.nextInt(20)));
            }
        }
    }

    private Sequence ending() {
        int kind = random.nextInt(19);
        return switch (kind) {
            case 0 -> serverEndsTcp("TCP ends");
            case 1 -> {
                byte[] frame = RawServer.frame(RawServer.OP_TEXT, true, utf8("truncated frame"));
                write(Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1)));
                yield serverEndsTcp("a truncated frame, then TCP ends");
            }
            case 2 -> {
                int code = pickInt(1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999);
                String reason = pick("", "bye", "\u001b]0;pwned\u0007 bye", "caf\u00e9", "r".repeat(123));
                write(RawServer.frame(RawServer.OP_CLOSE, true, closePayload(code, utf8(reason))));
                yield end("close " + code, code, code, ConnectionLostException.class);
            }
            case 3 -> {
                write(RawServer.frame(RawServer.OP_CLOSE, true, new byte[0]));
                // RFC 6455 7.1.5 names the code of a close without one 1005 (Tyrus says 1000; the connector, 1005).
                yield end("an empty close", ANY_CODE, 1005, ConnectionLostException.class);
            }
            case 4 -> {
                int code = pickInt(0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535);
                write(RawServer.frame(RawServer.OP_CLOSE, true, closePayload(code, utf8("invalid code"))));
                yield protocolError("close with code " + code);
            }
            case 5 -> {
                write(RawServer.frame(RawServer.OP_CLOSE, true, new byte[] {0x03}));
                yield protocolError("close with a one-byte payload");
            }
            case 6 -> {
                write(RawServer.frame(RawServer.OP_CLOSE, true, closePayload(1000, invalidUtf8())));
                yield end("close reason not UTF-8", 1007, 1007, ConnectionLostException.class);
            }
            case 7 -> {
                write(RawServer.frame(RawServer.OP_CLOSE, true, closePayload(1000, noise(124 + random.nextInt(50)))));
                yield protocolError("close payload over 125 bytes");
            }
            case 8 -> {
                wholeOrFragmented(RawServer.OP_TEXT, concat(utf8(text()), invalidUtf8()));
                yield end("text not UTF-8", 1007, 1007, ConnectionLostException.class);
            }
            case 9 -> {
                int opcode = pickInt(3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF);
                write(RawServer.frame(opcode, true, noise(random.nextInt(20))));
                yield protocolError("reserved opcode " + opcode);
            }
            case 10 -> {
                byte[] frame = RawServer.frame(pickInt(RawServer.OP_TEXT, RawServer.OP_BINARY, OP_PING), true,
                        utf8("rsv"));
                frame[0] |= (byte) pickInt(0x40, 0x20, 0x10);
                write(frame);
                yield protocolError("an RSV bit without an extension");
            }
            case 11 -> {
                byte[] masked = {(byte) (FIN | RawServer.OP_TEXT), (byte) (0x80 | 2), 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
                write(masked);
                yield protocolError("a masked frame");
            }
            case 12 -> {
                write(RawServer.frame(OP_PING, false, utf8("fragmented ping")));
                yield protocolError("a fragmented control frame");
            }
            case 13 -> {
                write(RawServer.frame(pickInt(OP_PING, OP_PONG), true, noise(126 + random.nextInt(200))));
                yield protocolError("a control frame over 125 bytes");
            }
            case 14 -> {
                write(RawServer.frame(RawServer.OP_CONTINUATION, random.nextBoolean(), utf8("orphan")));
                yield protocolError("a continuation without a message");
            }
            case 15 -> {
                write(RawServer.frame(RawServer.OP_TEXT, false, utf8("first half")));
                write(RawServer.frame(pickInt(RawServer.OP_TEXT, RawServer.OP_BINARY), true, utf8("interleaved")));
                yield protocolError("a new message inside a fragmented one");
            }
            case 16 -> {
                wholeOrFragmented(RawServer.OP_BINARY, noise(MAX_MESSAGE_SIZE + 1 + random.nextInt(100)));
                yield end("a message over max-message-size", 1009, 1009, MessageTooLargeException.class);
            }
            case 17 -> {
                byte[] header = RawServer.header(RawServer.OP_BINARY, true, 0x10000);
                header[2] |= (byte) 0x80; // a 64-bit length with its most significant bit set (RFC 6455 5.2)
                write(header);
                yield protocolError("a 64-bit length with the top bit set");
            }
            default -> {
                String text = text();
                write(nonMinimalLength(utf8(text)));
                texts.add(text);
                yield serverEndsTcp("a text with a non-minimal length, then TCP ends");
            }
        };
    }

    /** A ping the client must answer, in order, with a pong carrying the same payload (RFC 6455 5.5.3). */
    private void ping(byte[] payload) {
        write(RawServer.frame(OP_PING, true, payload));
        pings.add(hex(payload));
    }

    private void wholeOrFragmented(int opcode, byte[] payload) {
        if (random.nextBoolean()) {
            fragments(opcode, payload, false);
        } else {
            write(RawServer.frame(opcode, true, payload));
        }
    }

    private Sequence serverEndsTcp(String ending) {
        return end(ending, NO_CLOSE_FRAME, 1006, ConnectionLostException.class);
    }

    private Sequence protocolError(String ending) {
        return end(ending, 1002, 1002, ConnectionLostException.class);
    }

    private Sequence end(String ending, int closeCode, int reportedCode,
                         Class<? extends ConnectionLostException> reportedAs) {
        steps.add(ending);
        return new Sequence(String.join(", ", steps), bytes.toByteArray(), texts, binaries, pings, closeCode,
                reportedCode, reportedAs);
    }

    /** A text frame whose 16-bit length field carries a length below 126: legal for a receiver to accept. */
    private static byte[] nonMinimalLength(byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(FIN | RawServer.OP_TEXT);
        frame.write(126);
        frame.write(payload.length >>> 8);
        frame.write(payload.length & 0xFF);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static byte[] closePayload(int code, byte[] reason) {
        return concat(new byte[] {(byte) (code >>> 8), (byte) code}, reason);
    }

    private byte[] invalidUtf8() {
        byte[][] invalid = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}};
        return invalid[random.nextInt(invalid.length)];
    }

    private String text() {
        return random.nextInt(5) == 0 ? "t".repeat(random.nextInt(MAX_MESSAGE_SIZE / 3))
                : TEXTS[random.nextInt(TEXTS.length)];
    }

    private byte[] noise(int length) {
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        return noise;
    }

    private void write(byte[] frame) {
        bytes.writeBytes(frame);
    }

    private int pickInt(int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    static String hex(byte[] data) {
        return java.util.HexFormat.of().formatHex(data);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
