package org.wsconnector.impl.transport;

import org.wsconnector.UpgradeRejectedException;
import org.wsconnector.config.ClientConfig;
import org.wsconnector.impl.engine.PeerText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What the client must check in the server's reply to its opening handshake (RFC 6455 4.1, "the client MUST"),
 * checked before Tyrus sees the reply so that every refusal is an {@link UpgradeRejectedException} that says which
 * check failed. Tyrus 2.2 lets some through (an extension or subprotocol it never offered, HTTP/1.0, a 401 carrying
 * {@code WWW-Authenticate} turns into an authentication retry) and reports others as "HTTP 500".
 */
public final class UpgradeReplyCheck {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private UpgradeReplyCheck() {
    }

    /**
     * Throws when the reply does not open the connection the client asked for.
     *
     * @param key the {@code Sec-WebSocket-Key} the request carried
     */
    public static void verify(ClientConfig config, String key, HttpHead reply) {
        if (reply.status() != 101) {
            throw refused(config, reply);
        }
        String problem = problemOf101(config, key, reply);
        if (problem != null) {
            throw new UpgradeRejectedException(config.name(), "the server's 101 reply to the upgrade is invalid: "
                    + problem, 101, null);
        }
    }

    private static UpgradeRejectedException refused(ClientConfig config, HttpHead reply) {
        int status = reply.status();
        String hint = switch (status) {
            case 301, 302, 303, 307, 308 -> " (a redirect to '" + PeerText.quote(single(reply, "Location"))
                    + "'; redirects are not followed: set uri to the final address)";
            case 401 -> " (check username/password)";
            case 403 -> " (forbidden)";
            case 404 -> " (check the path of the uri)";
            default -> "";
        };
        return new UpgradeRejectedException(config.name(), "server refused the WebSocket upgrade with HTTP " + status
                + hint, status, null);
    }

    /** The first broken rule of RFC 6455 4.1 in a 101 reply, or null. */
    private static String problemOf101(ClientConfig config, String key, HttpHead reply) {
        if (!reply.statusLine().startsWith("HTTP/1.1 ")) {
            return "'" + PeerText.quote(reply.statusLine()) + "' is not HTTP/1.1";
        }
        if (!"websocket".equalsIgnoreCase(single(reply, "Upgrade"))) {
            return "header Upgrade is '" + PeerText.quote(single(reply, "Upgrade")) + "', not 'websocket'";
        }
        if (!hasToken(reply.headers().getOrDefault("Connection", List.of()), "upgrade")) {
            return "header Connection does not name 'Upgrade'";
        }
        String accept = single(reply, "Sec-WebSocket-Accept");
        if (!expectedAccept(key).equals(accept)) {
            return "header Sec-WebSocket-Accept is '" + PeerText.quote(accept) + "', not the one computed from the "
                    + "request's key (is this a WebSocket server, or a proxy or cache in between?)";
        }
        String extensions = String.join(", ", reply.headers().getOrDefault("Sec-WebSocket-Extensions", List.of()));
        if (!extensions.isBlank()) {
            return "the server enabled extension '" + PeerText.quote(extensions) + "', which the client never offered";
        }
        String subprotocol = single(reply, "Sec-WebSocket-Protocol");
        if (!subprotocol.isEmpty() && !config.protocols().contains(subprotocol)) {
            return "the server chose subprotocol '" + PeerText.quote(subprotocol) + "', " + (config.protocols().isEmpty()
                    ? "but the client offered none" : "not one of the configured protocols " + config.protocols());
        }
        if (subprotocol.isEmpty() && !config.protocols().isEmpty()) {
            return "the server chose none of the configured protocols " + config.protocols();
        }
        return null;
    }

    /** The header's value (values joined when it came more than once), or "" when absent. */
    private static String single(HttpHead reply, String name) {
        return String.join(", ", reply.headers().getOrDefault(name, List.of())).trim();
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String value : values) {
            for (String candidate : value.split(",")) {
                if (candidate.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
