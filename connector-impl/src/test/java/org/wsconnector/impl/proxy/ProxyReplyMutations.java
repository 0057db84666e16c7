package org.wsconnector.impl.proxy;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.ProxyAuthenticationException;
import org.wsconnector.ProxyException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;
import org.wsconnector.testbed.ScriptedReply;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded replies of a broken or hostile proxy to CONNECT, each with the one failure the client must report for it.
 * The shape decides the outcome; everything else (codes, reasons, headers, line ends, bodies) is noise drawn from
 * the seed that must not change it.
 */
final class ProxyReplyMutations {
    /** A reply head stays below this unless the shape is {@link Shape#OVERSIZED}: the client reads at most 16 KiB. */
    private static final int HEAD_BUDGET = 12 * 1024;
    private static final int[] REFUSAL_CODES = {100, 101, 102, 103, 199, 300, 301, 302, 307, 308, 400, 401, 403, 404,
        405, 407, 407, 407, 408, 418, 429, 500, 501, 502, 503, 504, 505, 511, 599, 0, 999};
    private static final String[] CONTROLS = {"\u0000", "\u0007", "\u0008", "\t", "\u001b[2J", "\u001b]0;pwned\u0007",
        "\u007f", "\u009b31m", "\u00ff"};

    enum Shape {
        /** A well-formed non-2xx head: the proxy refuses. */
        REFUSAL,
        /** Not an HTTP reply, a status line that is not one, or a header line that is not one. */
        MALFORMED,
        /** A head cut off by the proxy closing the connection. */
        TRUNCATED,
        /** Part of a head (maybe nothing), then silence on an open connection; or lines that never end (bare CR). */
        STALLED,
        /** A whole head, a few bytes at a time, slower than connection-timeout allows. */
        DRIP,
        /** A status line or header block over 16 KiB. */
        OVERSIZED,
        /** A 2xx (the tunnel is open), then something that is not a WebSocket server's 101. */
        TUNNEL_THEN_JUNK
    }

    /** One fuzzed reply and what the client must make of it. */
    record Mutation(Shape shape, String summary, ScriptedReply reply,
                    Class<? extends WebSocketConnectorException> expected) {
        @Override
        public String toString() {
            return shape + " (" + summary + ") expecting " + expected.getSimpleName();
        }
    }

    private final SplittableRandom random;
    private final Duration connectionTimeout;
    private String lineEnd = "\r\n";

    private ProxyReplyMutations(SplittableRandom random, Duration connectionTimeout) {
        this.random = random;
        this.connectionTimeout = connectionTimeout;
    }

    static Mutation next(SplittableRandom random, Duration connectionTimeout) {
        return new ProxyReplyMutations(random, connectionTimeout).mutation();
    }

    private Mutation mutation() {
        Shape shape = Shape.values()[random.nextInt(Shape.values().length)];
        lineEnd = random.nextInt(4) == 0 ? "\n" : "\r\n"; // bare LF ends a line too (RFC 9112 2.2 tolerance)
        return switch (shape) {
            case REFUSAL -> refusal();
            case MALFORMED -> malformed();
            case TRUNCATED -> truncated();
            case STALLED -> stalled();
            case DRIP -> drip();
            case OVERSIZED -> oversized();
            case TUNNEL_THEN_JUNK -> tunnelThenJunk();
        };
    }

    private Mutation refusal() {
        int code = REFUSAL_CODES[random.nextInt(REFUSAL_CODES.length)];
        String head = head(statusLine(code), headers());
        byte[] reply = concat(head, body());
        Class<? extends WebSocketConnectorException> expected = code == 407 ? ProxyAuthenticationException.class
                : ProxyException.class;
        return new Mutation(Shape.REFUSAL, "status " + code + ", head " + head.length() + " bytes",
                split(reply), expected);
    }

    private Mutation malformed() {
        String rest = headers() + lineEnd;
        String[] starts = {
            "HTTP/2 200 OK", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.2 200 OK", "http/1.1 200 OK",
            "HTTP/1.1  200 OK", "HTTP/1.1 200OK", "HTTP/1.1 200 O\rK", "HTTP/1.1 407 Proxy\u0085Auth", "HTTP/1.1 abc",
            "HTTP/1.1", "H", "ICY 200 OK", "\n" + statusLine(200), "\r\n" + statusLine(200),
            "\u0016\u0003\u0001\u0000\u00ff\u0000",
            statusLine(200) + lineEnd + "no colon in this line",
            statusLine(407) + lineEnd + ": no name",
            statusLine(200) + lineEnd + "X-Ok: 1" + lineEnd + " folded continuation"
        };
        int pick = random.nextInt(starts.length + 1);
        if (pick == starts.length) {
            byte[] noise = new byte[1 + random.nextInt(300)];
            random.nextBytes(noise);
            noise[0] = (byte) (noise[0] == 'H' ? 'X' : noise[0]); // 'H' might begin a valid status line
            return new Mutation(Shape.MALFORMED, "binary noise, " + noise.length + " bytes",
                    reply(List.of(noise), random.nextBoolean()), ProxyException.class);
        }
        byte[] reply = concat(starts[pick] + lineEnd + rest, body());
        return new Mutation(Shape.MALFORMED, "malformed start #" + pick, reply(List.of(reply), random.nextBoolean()),
                ProxyException.class);
    }

    private Mutation truncated() {
        byte[] head = ascii(head(statusLine(random.nextBoolean() ? 200 : 407), headers()));
        int cut = random.nextInt(head.length - 1); // never past the blank line's last byte: the head stays incomplete
        byte[] part = java.util.Arrays.copyOf(head, cut);
        return new Mutation(Shape.TRUNCATED, "cut after " + cut + " of " + head.length + " bytes",
                reply(List.of(part), false), ProxyException.class);
    }

    private Mutation stalled() {
        if (random.nextInt(4) == 0) {
            lineEnd = "\r"; // a line end the client never sees: the head goes on until the deadline
            String head = head(statusLine(200), headers());
            return new Mutation(Shape.STALLED, "lines ended by CR only", reply(List.of(ascii(head)), true),
                    ConnectTimeoutException.class);
        }
        byte[] head = ascii(head(statusLine(random.nextBoolean() ? 200 : 503), headers()));
        int kept = random.nextInt(3) == 0 ? 0 : random.nextInt(head.length - 1);
        return new Mutation(Shape.STALLED, kept == 0 ? "never answers" : "stops after " + kept + " bytes",
                reply(List.of(java.util.Arrays.copyOf(head, kept)), true), ConnectTimeoutException.class);
    }

    private Mutation drip() {
        int code = random.nextBoolean() ? 200 : 407;
        byte[] head = ascii(head(statusLine(code), ""));
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < head.length; ) {
            int size = Math.min(head.length - at, 1 + random.nextInt(3));
            chunks.add(java.util.Arrays.copyOfRange(head, at, at + size));
            at += size;
        }
        // The whole head takes at least twice connection-timeout: only a deadline over all reads ends it in time.
        long pause = Math.max(20, 2 * connectionTimeout.toMillis() / Math.max(1, chunks.size() - 1) + 1);
        return new Mutation(Shape.DRIP, chunks.size() + " chunks " + pause + " ms apart",
                new ScriptedReply(chunks, Duration.ofMillis(pause), true), ConnectTimeoutException.class);
    }

    private Mutation oversized() {
        String head;
        if (random.nextBoolean()) {
            head = head("HTTP/1.1 407 " + filler(17 * 1024 + random.nextInt(4096)), "");
        } else {
            StringBuilder headers = new StringBuilder();
            while (headers.length() <= 16 * 1024) {
                headers.append("X-Filler-").append(headers.length()).append(": ")
                        .append(filler(random.nextInt(2048))).append(lineEnd);
            }
            head = head(statusLine(random.nextBoolean() ? 200 : 502), headers.toString());
        }
        return new Mutation(Shape.OVERSIZED, "head " + head.length() + " bytes",
                reply(List.of(ascii(head)), random.nextBoolean()), ProxyException.class);
    }

    private Mutation tunnelThenJunk() {
        String[] established = {"HTTP/1.1 200 Connection established", "HTTP/1.0 200 OK", "HTTP/1.1 200",
            "HTTP/1.1 204 No Content", "HTTP/1.1 299 Odd but 2xx"};
        String head = head(established[random.nextInt(established.length)], random.nextBoolean() ? ""
                : "Proxy-Agent: fuzz/1.0" + lineEnd);
        int pick = random.nextInt(5);
        return switch (pick) {
            case 0 -> new Mutation(Shape.TUNNEL_THEN_JUNK, "2xx, then silence", reply(List.of(ascii(head)), true),
                    ConnectTimeoutException.class);
            case 1 -> new Mutation(Shape.TUNNEL_THEN_JUNK, "2xx, then the tunnel closes",
                    reply(List.of(ascii(head)), false), ConnectFailedException.class);
            case 2 -> {
                byte[] noise = new byte[1 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = (byte) (noise[0] == 'H' ? 'X' : noise[0]);
                yield new Mutation(Shape.TUNNEL_THEN_JUNK, "2xx, then " + noise.length + " bytes of noise",
                        reply(List.of(concat(head, noise)), random.nextBoolean()), ConnectFailedException.class);
            }
            case 3 -> new Mutation(Shape.TUNNEL_THEN_JUNK, "2xx, then the proxy's own 502 as upgrade reply",
                    reply(List.of(ascii(head + "HTTP/1.1 502 Bad Gateway" + lineEnd + lineEnd)), true),
                    UpgradeRejectedException.class);
            default -> new Mutation(Shape.TUNNEL_THEN_JUNK, "2xx, then a 101 without Sec-WebSocket-Accept",
                    reply(List.of(ascii(head + "HTTP/1.1 101 Switching Protocols" + lineEnd + "Upgrade: websocket"
                            + lineEnd + "Connection: Upgrade" + lineEnd + lineEnd)), true),
                    UpgradeRejectedException.class);
        };
    }

    private String statusLine(int code) {
        String version = random.nextInt(3) == 0 ? "HTTP/1.0" : "HTTP/1.1";
        return version + " " + String.format("%03d", code) + reason();
    }

    /** A reason phrase; none at all is legal too ({@code HTTP/1.1 403}). */
    private String reason() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> " " + filler(200 + random.nextInt(4 * 1024));
            case 3, 4 -> " Odd" + CONTROLS[random.nextInt(CONTROLS.length)] + "Reason"
                    + CONTROLS[random.nextInt(CONTROLS.length)];
            default -> " Some Reason";
        };
    }

    /** Zero or more well-formed but odd header lines, each ended. */
    private String headers() {
        StringBuilder headers = new StringBuilder();
        int count = random.nextInt(6);
        for (int i = 0; i < count && headers.length() < HEAD_BUDGET / 2; i++) {
            String[] names = {"Proxy-Authenticate", "Content-Length", "Transfer-Encoding", "Connection", "Via",
                "Set-Cookie", "X-Fuzz", "Content-Type", "proxy-authenticate", "Retry-After"};
            String[] values = {"Basic realm=\"corp\"", "Basic realm=\"\u001b]0;pwned\u0007\"", "NTLM", "Negotiate",
                "Digest realm=\"x\", nonce=\"\u0000\"", "chunked", "-1", "99999999999999999999", "close", "",
                "\u00e9t\u00e9 \u00c3\u00a9", filler(random.nextInt(2048)), "a" + CONTROLS[random.nextInt(
                    CONTROLS.length)] + "b"};
            headers.append(names[random.nextInt(names.length)]).append(":").append(random.nextBoolean() ? " " : "")
                    .append(values[random.nextInt(values.length)]).append(lineEnd);
        }
        return headers.toString();
    }

    /** What follows the head, which the client must never read as part of it. */
    private byte[] body() {
        return switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> ascii("5" + lineEnd + "hello" + lineEnd + "0" + lineEnd + lineEnd);
            case 2 -> ascii("<html><body>\u001b[31mAccess denied</body></html>");
            default -> {
                byte[] noise = new byte[random.nextInt(512)];
                random.nextBytes(noise);
                yield noise;
            }
        };
    }

    private String head(String statusLine, String headers) {
        return statusLine + lineEnd + headers + lineEnd;
    }

    /** The reply in one write, or split in two to three writes a few milliseconds apart; closed afterwards. */
    private ScriptedReply split(byte[] reply) {
        if (reply.length < 3 || random.nextBoolean()) {
            return reply(List.of(reply), random.nextBoolean());
        }
        int first = 1 + random.nextInt(reply.length - 2);
        return new ScriptedReply(List.of(java.util.Arrays.copyOf(reply, first),
                java.util.Arrays.copyOfRange(reply, first, reply.length)), Duration.ofMillis(random.nextInt(20)),
                random.nextBoolean());
    }

    private static ScriptedReply reply(List<byte[]> chunks, boolean holdOpen) {
        return new ScriptedReply(chunks, Duration.ZERO, holdOpen);
    }

    private String filler(int length) {
        return "x".repeat(length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(String head, byte[] rest) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(ascii(head));
        bytes.writeBytes(rest);
        return bytes.toByteArray();
    }
}
