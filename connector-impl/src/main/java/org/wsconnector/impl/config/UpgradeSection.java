package org.wsconnector.impl.config;

import org.wsconnector.config.Credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.ConfigProblemCode.FORBIDDEN_CHARACTER;
import static org.wsconnector.ConfigProblemCode.INVALID_LIST;
import static org.wsconnector.ConfigProblemCode.INVALID_TOKEN;
import static org.wsconnector.ConfigProblemCode.RESERVED_HEADER;
import static org.wsconnector.impl.config.ClientKeys.HEADERS_PREFIX;
import static org.wsconnector.impl.config.ClientKeys.PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.PROTOCOLS;
import static org.wsconnector.impl.config.ClientKeys.USERNAME;

/** What the upgrade request carries: {@code protocols}, {@code username}/{@code password}, {@code headers.*}. */
final class UpgradeSection {
    /** RFC 7230 token: header names and subprotocols. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the connector writes itself; configuring them would break or bypass the handshake. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-protocol",
            "proxy-authorization", "content-length", "transfer-encoding");

    record Upgrade(List<String> protocols, Optional<Credentials> basicAuth, Map<String, String> headers) {
    }

    private UpgradeSection() {
    }

    static Upgrade read(ClientValues values) {
        List<String> protocols = protocols(values);
        Optional<Credentials> basicAuth = values.credentials(USERNAME, PASSWORD);
        return new Upgrade(protocols, basicAuth, headers(values, basicAuth.isPresent()));
    }

    private static List<String> protocols(ClientValues values) {
        String text = values.raw(PROTOCOLS);
        if (text == null) {
            return List.of();
        }
        List<String> items = ClientValues.splitList(text);
        for (String item : items) {
            if (!TOKEN.matcher(item).matches()) {
                values.invalid(INVALID_TOKEN, PROTOCOLS, text,
                        "'" + SafeText.quote(item) + "' is not a valid subprotocol token",
                        "a comma list of tokens such as ari, v1.events");
            }
        }
        if (new TreeSet<>(items).size() != items.size()) {
            values.invalid(INVALID_LIST, PROTOCOLS, text, "a protocol is listed twice",
                    "a comma list of distinct tokens");
        }
        return items;
    }

    private static Map<String, String> headers(ClientValues values, boolean basicAuthConfigured) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : values.keys()) {
            if (!key.startsWith(HEADERS_PREFIX) || key.length() == HEADERS_PREFIX.length()) {
                continue;
            }
            String value = values.raw(key);
            if (value == null) {
                continue; // set, but its expression cannot be resolved: reported as such
            }
            String name = key.substring(HEADERS_PREFIX.length());
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                values.invalid(INVALID_TOKEN, key, value,
                        "'" + SafeText.quote(name) + "' is not a valid HTTP header name",
                        "letters, digits and !#$%&'*+.^_`|~-");
            } else if (RESERVED_HEADERS.contains(lower)) {
                values.invalid(RESERVED_HEADER, key, value,
                        "header " + SafeText.quote(name) + " is written by the connector itself",
                        lower.equals("proxy-authorization") ? "use proxy.username and proxy.password"
                                : "any header but Host, Upgrade, Connection, Sec-WebSocket-*, Proxy-Authorization");
            } else if (lower.equals("authorization") && basicAuthConfigured) {
                values.invalid(CONFLICTING_KEYS, key, value, "conflicts with username/password, which already set "
                        + "Authorization", "either username/password or headers.Authorization");
            } else if (ClientValues.hasLineBreak(value)) {
                values.invalid(FORBIDDEN_CHARACTER, key, value, "contains CR or LF (header injection)",
                        "a value without line breaks");
            } else {
                headers.put(name, value);
            }
        }
        return new LinkedHashMap<>(headers);
    }
}
