package org.wsconnector.impl.config;

import org.wsconnector.config.ConnectionType;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.wsconnector.ConfigProblemCode.CREDENTIALS_IN_URI;
import static org.wsconnector.ConfigProblemCode.INVALID_URI;
import static org.wsconnector.ConfigProblemCode.MISSING_KEY;
import static org.wsconnector.ConfigProblemCode.OUT_OF_RANGE;
import static org.wsconnector.impl.config.ClientKeys.CLOSE_TIMEOUT;
import static org.wsconnector.impl.config.ClientKeys.CONNECTION_TIMEOUT;
import static org.wsconnector.impl.config.ClientKeys.CONNECTION_TYPE;
import static org.wsconnector.impl.config.ClientKeys.URI;

/**
 * Where and when a client connects: {@code uri}, {@code connection-type}, {@code connection-timeout},
 * {@code close-timeout}.
 */
final class ConnectionSection {
    private static final String URI_ALLOWED =
            "an absolute ws:// or wss:// URI with a host, e.g. wss://pbx.example.com:8089/ari/events";
    private static final Map<String, ConnectionType> CONNECTION_TYPES = Arrays.stream(ConnectionType.values())
            .collect(Collectors.toUnmodifiableMap(ConnectionType::configValue, Function.identity()));

    /** @param uri empty when missing or invalid (already reported) */
    record Connection(Optional<URI> uri, ConnectionType type, Duration connectionTimeout, Duration closeTimeout) {
    }

    private ConnectionSection() {
    }

    static Connection read(ClientValues values) {
        return new Connection(uri(values),
                values.choice(CONNECTION_TYPE, CONNECTION_TYPES, Defaults.CONNECTION_TYPE, "unknown connection type",
                        "persistent or on-demand").orElse(Defaults.CONNECTION_TYPE),
                values.duration(CONNECTION_TIMEOUT, Defaults.CONNECTION_TIMEOUT_RANGE, Defaults.CONNECTION_TIMEOUT),
                values.duration(CLOSE_TIMEOUT, Defaults.CLOSE_TIMEOUT_RANGE, Defaults.CLOSE_TIMEOUT));
    }

    private static Optional<URI> uri(ClientValues values) {
        String text = values.raw(URI);
        if (text == null && values.has(URI)) {
            return Optional.empty(); // set, but its expression cannot be resolved: reported as such
        }
        if (text == null || text.isBlank()) {
            values.problem(MISSING_KEY, URI, "required key is missing; allowed: a ws:// or wss:// URI");
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            values.invalid(INVALID_URI, URI, text, "not a valid URI (" + e.getReason() + ")", URI_ALLOWED);
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            values.invalid(INVALID_URI, URI, text, uri.getScheme() == null ? "no scheme" : "scheme '"
                    + uri.getScheme() + "' is not a WebSocket scheme", URI_ALLOWED);
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            values.invalid(INVALID_URI, URI, text, "no host", URI_ALLOWED);
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the user-info: it may be a password.
            values.problem(CREDENTIALS_IN_URI, URI,
                    "credentials in the URI are not supported; allowed: use the username and password keys");
            return Optional.empty();
        }
        if (uri.getRawFragment() != null) {
            values.invalid(INVALID_URI, URI, text, "a WebSocket URI has no fragment", URI_ALLOWED);
            return Optional.empty();
        }
        // -1 is "no port": the scheme's default. java.net.URI takes any number of digits as a port.
        if (uri.getPort() != -1 && !Defaults.PORT_RANGE.contains(uri.getPort())) {
            values.invalid(OUT_OF_RANGE, URI, text, "port " + uri.getPort() + " " + Defaults.PORT_RANGE.mustBe(),
                    URI_ALLOWED);
            return Optional.empty();
        }
        return Optional.of(uri);
    }
}
