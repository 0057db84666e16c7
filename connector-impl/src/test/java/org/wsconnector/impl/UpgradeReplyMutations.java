package org.wsconnector.impl;

import org.wsconnector.ConnectFailedException;
import org.wsconnector.ConnectTimeoutException;
import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.WebSocketConnectorException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded replies of a WebSocket server to the upgrade request: a valid 101 dressed in legal variations (header case
 * and order, LF line ends, extra headers with odd values, reason phrases), with at most one mutation that breaks it,
 * and the failure that mutation calls for.
 */
final class UpgradeReplyMutations {
    /** The client offers these subprotocols; a valid reply picks one. */
    static final List<String> PROTOCOLS = List.of("chat", "v2.fuzz");
    /** Stands for the Sec-WebSocket-Accept value that answers the request's key, known once it arrived. */
    static final String ACCEPT = "{accept}";
    private static final String[] CONTROLS = {"\u0000", "\u0007", "\u001b[2J", "\u001b]0;pwned\u0007", "\u007f",
        "\u009b31m", "\t"};

    /**
     * One reply head ({@link #ACCEPT} still to be replaced), whether the server then keeps silent on an open connection
     * instead of closing, and the failure class and status expected; {@code expected} null: the connection opens.
     */
    record Reply(String summary, String head, boolean closeAfter, boolean holdOpen,
                 Class<? extends WebSocketConnectorException> expected, int status) {
        boolean opens() {
            return expected == null;
        }

        String head(String accept) {
            return head.replace(ACCEPT, accept);
        }
    }

    private final SplittableRandom random;
    private final String lineEnd;

    private UpgradeReplyMutations(SplittableRandom random) {
        this.random = random;
        this.lineEnd = random.nextInt(4) == 0 ? "\n" : "\r\n";
    }

    /** A valid reply about half of the time, so that frame sequences get their share of the run. */
    static Reply next(SplittableRandom random) {
        return new UpgradeReplyMutations(random).reply();
    }

    private Reply reply() {
        List<String> headers = new ArrayList<>(List.of(
                name("Upgrade") + ": " + pick("websocket", "WebSocket", "WEBSOCKET"),
                name("Connection") + ": " + pick("Upgrade", "upgrade", "keep-alive, Upgrade", "Upgrade, close"),
                name("Sec-WebSocket-Accept") + ": " + pick(ACCEPT, " " + ACCEPT + "  "),
                name("Sec-WebSocket-Protocol") + ": " + PROTOCOLS.get(random.nextInt(PROTOCOLS.size()))));
        for (int extra = random.nextInt(4); extra > 0; extra--) {
            headers.add(pick("Server", "Date", "X-Fuzz", "Set-Cookie") + ": "
                    + pick("", "Tyrus/2.2", "a" + control() + "b", "x".repeat(random.nextInt(2048))));
        }
        if (random.nextInt(4) == 0) {
            headers.add("Sec-WebSocket-Extensions: "); // empty: no extension enabled
        }
        String status = "HTTP/1.1 101" + pick(" Switching Protocols", "", " ", " Odd" + control());
        int mutation = random.nextInt(24);
        if (mutation < 12) {
            return build("valid 101", status, headers, null, -1);
        }
        return switch (mutation) {
            case 12 -> {
                int code = pickInt(100, 200, 204, 301, 302, 400, 401, 403, 404, 426, 500, 503, 0, 999);
                String extra = code == 302 ? "Location: /a" + control() + "x".repeat(random.nextInt(400))
                        : code == 401 ? "WWW-Authenticate: Basic realm=\"" + control() + "\"" : "Content-Length: 0";
                headers.add(extra);
                yield build("status " + code, "HTTP/1.1 " + String.format("%03d", code) + " Nope" + control(),
                        headers, UpgradeRejectedException.class, code);
            }
            case 13 -> build("HTTP/1.0", status.replace("HTTP/1.1", "HTTP/1.0"), headers,
                    UpgradeRejectedException.class, 101);
            case 14 -> build("bad Upgrade", status, replace(headers, "Upgrade", pick("", "websocket2", "h2c",
                    "web" + control() + "socket")), UpgradeRejectedException.class, 101);
            case 15 -> build("bad Connection", status, replace(headers, "Connection", pick("close", "keep-alive",
                    "")), UpgradeRejectedException.class, 101);
            case 16 -> build("bad Accept", status, replace(headers, "Sec-WebSocket-Accept", pick("",
                    "dGhlIHNhbXBsZSBub25jZQ==", ACCEPT + "x", ACCEPT + ", " + ACCEPT,
                    "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" + control())), UpgradeRejectedException.class, 101);
            case 17 -> build("an extension", status, add(headers, "Sec-WebSocket-Extensions: " + pick(
                    "permessage-deflate", "x-" + control(), "permessage-deflate; client_max_window_bits")),
                    UpgradeRejectedException.class, 101);
            case 18 -> build("bad subprotocol", status, replace(headers, "Sec-WebSocket-Protocol", pick("", "v9",
                    "chat, v2.fuzz", "ch" + control() + "at")), UpgradeRejectedException.class, 101);
            case 19 -> build("a header line without colon", status, add(headers, pick("no colon here",
                    " folded continuation", ": no name")), ConnectFailedException.class, -1);
            case 20 -> build("not a status line", pick("HTTP/1.1 1O1 Switching", "HTTP/2 101", "ICY 101 OK",
                    "\u0016\u0003\u0001"), headers, ConnectFailedException.class, -1);
            case 21 -> build("a head over 16 KiB", status, add(headers, "X-Huge: " + "x".repeat(17 * 1024)),
                    ConnectFailedException.class, -1);
            case 22 -> {
                String whole = render(status, headers);
                String cut = whole.substring(0, random.nextInt(whole.length() - 1));
                yield new Reply("cut after " + cut.length() + " bytes, then closed", cut, true, false,
                        ConnectFailedException.class, -1);
            }
            default -> {
                String whole = render(status, headers);
                String cut = random.nextBoolean() ? "" : whole.substring(0, random.nextInt(whole.length() - 1));
                yield new Reply("silent after " + cut.length() + " bytes", cut, false, true,
                        ConnectTimeoutException.class, -1);
            }
        };
    }

    private Reply build(String summary, String status, List<String> headers,
                        Class<? extends WebSocketConnectorException> expected, int code) {
        return new Reply(summary, render(status, headers), false, false, expected, code);
    }

    private String render(String status, List<String> headers) {
        List<String> shuffled = new ArrayList<>(headers);
        Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
        StringBuilder head = new StringBuilder(status).append(lineEnd);
        shuffled.forEach(header -> head.append(header).append(lineEnd));
        return head.append(lineEnd).toString();
    }

    private static List<String> replace(List<String> headers, String name, String value) {
        List<String> replaced = new ArrayList<>();
        for (String header : headers) {
            if (!header.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                replaced.add(header);
            }
        }
        if (!value.isEmpty()) {
            replaced.add(name + ": " + value);
        }
        return replaced;
    }

    private static List<String> add(List<String> headers, String header) {
        List<String> added = new ArrayList<>(headers);
        added.add(header);
        return added;
    }

    /** Header names are case-insensitive: any case must do. */
    private String name(String name) {
        return switch (random.nextInt(3)) {
            case 0 -> name.toLowerCase(Locale.ROOT);
            case 1 -> name.toUpperCase(Locale.ROOT);
            default -> name;
        };
    }

    private String control() {
        return CONTROLS[random.nextInt(CONTROLS.length)];
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private int pickInt(int... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
