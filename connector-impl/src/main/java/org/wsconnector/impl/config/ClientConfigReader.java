package org.wsconnector.impl.config;

import org.wsconnector.config.ClientConfig;
import org.wsconnector.config.ConnectionType;
import org.wsconnector.config.Credentials;
import org.wsconnector.config.DeliveryLimits;
import org.wsconnector.config.PingConfig;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.ReconnectPolicy;
import org.wsconnector.config.Secret;
import org.wsconnector.config.StoreFile;
import org.wsconnector.config.TcpKeepAliveConfig;
import org.wsconnector.config.TlsConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.wsconnector.impl.config.ClientKeys.*;

/**
 * Turns the flat {@code websocket.client.<name>.<key>=value} properties into one validated {@link ClientConfig}
 * per client. Never stops at the first mistake: every problem of every client goes to {@link ConfigProblems}, and
 * only clients without problems are returned.
 */
public final class ClientConfigReader {
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofMillis(500);
    static final Duration DEFAULT_RECONNECT_MAX_INTERVAL = Duration.ofSeconds(30);
    static final int DEFAULT_ON_DEMAND_ATTEMPTS = 4;
    static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(20);
    static final int DEFAULT_PROBES = 3;
    /** As large as the outbound bound: a peer may send us what we may queue for it. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 16L * 1024 * 1024;
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_QUEUED_MESSAGES = 1000;
    static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    private static final long MIN_SIZE = 1024;
    private static final long MAX_SIZE = 1024L * 1024 * 1024;

    /** RFC 7230 token: header names and subprotocols. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the connector writes itself; configuring them would break or bypass the handshake. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-accept", "sec-websocket-extensions", "sec-websocket-protocol",
            "proxy-authorization", "content-length", "transfer-encoding");
    private static final Set<String> KNOWN_TLS_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

    private ClientConfigReader() {
    }

    /**
     * Reads every client found in {@code properties} (full keys; others are ignored).
     *
     * @return the valid clients by name, in name order
     */
    public static Map<String, ClientConfig> read(Map<String, String> properties, ConfigProblems problems) {
        Map<String, Map<String, String>> byClient = new TreeMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            String key = property.getKey();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.indexOf('.');
            if (dot <= 0 || dot == rest.length() - 1) {
                problems.general("key " + key + ": expected " + PREFIX + "<name>.<key>");
                continue;
            }
            byClient.computeIfAbsent(rest.substring(0, dot), name -> new TreeMap<>())
                    .put(rest.substring(dot + 1), property.getValue());
        }
        Map<String, ClientConfig> clients = new LinkedHashMap<>();
        byClient.forEach((name, values) -> {
            if (!CLIENT_NAME.matcher(name).matches()) {
                problems.general("client '" + name + "' (keys " + PREFIX + name + ".*): invalid client name; "
                        + "allowed: lower-case letters, digits and '-'");
                return;
            }
            new ClientParser(name, values, problems).parse().ifPresent(config -> clients.put(name, config));
        });
        return clients;
    }

    /** Parses one client; collects its problems and yields a config only when there were none. */
    private static final class ClientParser {
        private final String client;
        private final Map<String, String> values;
        private final ConfigProblems problems;
        private boolean failed;

        ClientParser(String client, Map<String, String> values, ConfigProblems problems) {
            this.client = client;
            this.values = values;
            this.problems = problems;
        }

        Optional<ClientConfig> parse() {
            reportUnknownKeys();
            Optional<URI> uri = uri();
            ConnectionType type = enumValue(CONNECTION_TYPE, ConnectionType.PERSISTENT);
            List<String> protocols = tokenList(PROTOCOLS);
            Optional<Credentials> basicAuth = credentials(USERNAME, PASSWORD);
            Map<String, String> headers = headers(basicAuth.isPresent());
            Duration connectionTimeout = positiveDuration(CONNECTION_TIMEOUT, DEFAULT_CONNECTION_TIMEOUT);
            Duration closeTimeout = positiveDuration(CLOSE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT);
            ReconnectPolicy reconnect = reconnect(type);
            boolean secure = uri.map(u -> "wss".equalsIgnoreCase(u.getScheme())).orElse(false);
            Optional<TlsConfig> tls = tls(secure, uri.isPresent());
            Optional<ProxyConfig> proxy = proxy();
            Optional<PingConfig> ping = ping();
            Optional<TcpKeepAliveConfig> tcpKeepAlive = tcpKeepAlive();
            long maxMessageSize = size(MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGE_SIZE);
            Duration writeTimeout = positiveDuration(WRITE_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
            DeliveryLimits delivery = new DeliveryLimits(
                    integer(DELIVERY_MAX_QUEUED_MESSAGES, 1, "a whole number ≥ 1, e.g. 1000")
                            .orElse(DEFAULT_MAX_QUEUED_MESSAGES),
                    size(DELIVERY_MAX_QUEUED_BYTES, DEFAULT_MAX_QUEUED_BYTES));
            if (failed || uri.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ClientConfig(client, uri.get(), type, protocols, basicAuth, headers,
                    connectionTimeout, closeTimeout, reconnect, tls, proxy, ping, tcpKeepAlive,
                    (int) maxMessageSize, writeTimeout, delivery));
        }

        private void reportUnknownKeys() {
            for (String key : values.keySet()) {
                if (!isKnown(key)) {
                    String hint = suggestionFor(key).map(known -> "unknown key; did you mean '" + known + "'?")
                            .orElse("unknown key");
                    invalid(key, values.get(key), hint, "the keys listed in the README's configuration reference");
                }
            }
        }

        private Optional<URI> uri() {
            String text = values.get(URI);
            if (text == null || text.isBlank()) {
                problem(URI, "required key is missing; allowed: a ws:// or wss:// URI");
                return Optional.empty();
            }
            String allowed = "an absolute ws:// or wss:// URI with a host, e.g. wss://pbx.example.com:8089/ari/events";
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                invalid(URI, text, "not a valid URI (" + e.getReason() + ")", allowed);
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                invalid(URI, text, uri.getScheme() == null ? "no scheme" : "scheme '" + uri.getScheme()
                        + "' is not a WebSocket scheme", allowed);
                return Optional.empty();
            }
            if (uri.getHost() == null) {
                invalid(URI, text, "no host", allowed);
                return Optional.empty();
            }
            if (uri.getRawUserInfo() != null) {
                // Never echo the user-info: it may be a password.
                problem(URI, "credentials in the URI are not supported; allowed: use the username and password keys");
                return Optional.empty();
            }
            if (uri.getRawFragment() != null) {
                invalid(URI, text, "a WebSocket URI has no fragment", allowed);
                return Optional.empty();
            }
            return Optional.of(uri);
        }

        private Optional<Credentials> credentials(String userKey, String passwordKey) {
            String username = values.get(userKey);
            String password = values.get(passwordKey);
            if (username == null && password == null) {
                return Optional.empty();
            }
            if (username == null || username.isEmpty()) {
                problem(userKey, "missing while " + fullKey(client, passwordKey) + " is set; allowed: set both or neither");
                return Optional.empty();
            }
            if (username.indexOf(':') >= 0) {
                invalid(userKey, username, "Basic authentication cannot carry ':' in a username", "a name without ':'");
                return Optional.empty();
            }
            if (password == null) {
                problem(passwordKey, "missing while " + fullKey(client, userKey) + " is set; allowed: set both or neither");
                return Optional.empty();
            }
            if (hasLineBreak(username) || hasLineBreak(password)) {
                invalid(hasLineBreak(username) ? userKey : passwordKey, hasLineBreak(username) ? username : password,
                        "contains CR or LF", "a value without line breaks");
                return Optional.empty();
            }
            return Optional.of(new Credentials(username, Secret.of(password)));
        }

        private Map<String, String> headers(boolean basicAuthConfigured) {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            values.forEach((key, value) -> {
                if (!key.startsWith(HEADERS_PREFIX) || key.length() == HEADERS_PREFIX.length()) {
                    return;
                }
                String name = key.substring(HEADERS_PREFIX.length());
                String lower = name.toLowerCase(Locale.ROOT);
                if (!TOKEN.matcher(name).matches()) {
                    invalid(key, value, "'" + name + "' is not a valid HTTP header name",
                            "letters, digits and !#$%&'*+.^_`|~-");
                } else if (RESERVED_HEADERS.contains(lower)) {
                    invalid(key, value, "header " + name + " is written by the connector itself",
                            lower.equals("proxy-authorization") ? "use proxy.username and proxy.password"
                                    : "any header but Host, Upgrade, Connection, Sec-WebSocket-*, Proxy-Authorization");
                } else if (lower.equals("authorization") && basicAuthConfigured) {
                    invalid(key, value, "conflicts with username/password, which already set Authorization",
                            "either username/password or headers.Authorization");
                } else if (hasLineBreak(value)) {
                    invalid(key, value, "contains CR or LF (header injection)", "a value without line breaks");
                } else {
                    headers.put(name, value);
                }
            });
            return new LinkedHashMap<>(headers);
        }

        private ReconnectPolicy reconnect(ConnectionType type) {
            Duration interval = positiveDuration(RECONNECT_INTERVAL, DEFAULT_RECONNECT_INTERVAL);
            Duration maxInterval = positiveDuration(RECONNECT_MAX_INTERVAL, DEFAULT_RECONNECT_MAX_INTERVAL);
            if (values.containsKey(RECONNECT_MAX_INTERVAL) && maxInterval.compareTo(interval) < 0) {
                invalid(RECONNECT_MAX_INTERVAL, values.get(RECONNECT_MAX_INTERVAL), "smaller than reconnect.interval ("
                        + Durations.format(interval) + ")", "a duration ≥ reconnect.interval");
            }
            double multiplier = decimal(RECONNECT_MULTIPLIER, 2.0, 1.0, 1000.0, "a decimal ≥ 1.0 (1.0 = fixed interval)");
            double jitter = decimal(RECONNECT_JITTER, 0.2, 0.0, 1.0, "a decimal from 0.0 to 1.0");
            OptionalInt attempts = attempts(type);
            return new ReconnectPolicy(interval, maxInterval.compareTo(interval) < 0 ? interval : maxInterval,
                    multiplier, jitter, attempts);
        }

        private OptionalInt attempts(ConnectionType type) {
            String text = values.get(RECONNECT_ATTEMPTS);
            if (text == null) {
                return type == ConnectionType.PERSISTENT ? OptionalInt.empty() : OptionalInt.of(DEFAULT_ON_DEMAND_ATTEMPTS);
            }
            if (text.trim().equalsIgnoreCase("unlimited")) {
                return OptionalInt.empty();
            }
            OptionalInt number = integer(RECONNECT_ATTEMPTS, 1, "a whole number ≥ 1, or 'unlimited'");
            return number.isPresent() ? number : OptionalInt.empty();
        }

        private Optional<TlsConfig> tls(boolean secure, boolean uriValid) {
            boolean anyTlsKey = values.keySet().stream().anyMatch(key -> key.startsWith("tls."));
            if (!secure) {
                if (anyTlsKey && uriValid) {
                    problem(URI, "tls.* keys are set but the URI is ws://, so they would be ignored; "
                            + "allowed: a wss:// URI, or no tls.* keys");
                }
                return Optional.empty();
            }
            Optional<StoreFile> trustStore = store(TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_TRUST_STORE_TYPE);
            Optional<Path> caFile = existingFile(TLS_CA_FILE);
            if (values.containsKey(TLS_TRUST_STORE) && values.containsKey(TLS_CA_FILE)) {
                problem(TLS_CA_FILE, "both tls.trust-store and tls.ca-file are set; allowed: one of them");
            }
            Optional<StoreFile> keyStore = store(TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD, TLS_KEY_STORE_TYPE);
            Optional<Path> certFile = existingFile(TLS_CERT_FILE);
            Optional<Path> keyFile = existingFile(TLS_KEY_FILE);
            if (values.containsKey(TLS_CERT_FILE) != values.containsKey(TLS_KEY_FILE)) {
                String missing = values.containsKey(TLS_CERT_FILE) ? TLS_KEY_FILE : TLS_CERT_FILE;
                problem(missing, "missing: tls.cert-file and tls.key-file go together; allowed: set both or neither");
            }
            if (values.containsKey(TLS_KEY_STORE) && values.containsKey(TLS_CERT_FILE)) {
                problem(TLS_CERT_FILE, "both tls.key-store and tls.cert-file are set; allowed: one of them");
            }
            boolean verifyCert = bool(TLS_VERIFY_SERVER_CERT, true);
            boolean verifyHostname = bool(TLS_VERIFY_SERVER_HOSTNAME, true);
            List<String> protocols = tlsProtocols();
            return Optional.of(new TlsConfig(trustStore, caFile, keyStore, certFile, keyFile, verifyCert,
                    verifyHostname, protocols));
        }

        private List<String> tlsProtocols() {
            String text = values.get(TLS_PROTOCOLS);
            if (text == null) {
                return TlsConfig.DEFAULT_PROTOCOLS;
            }
            List<String> protocols = splitList(text);
            String allowed = "a comma list of TLSv1.3, TLSv1.2 (TLSv1.1 and TLSv1 are also recognised)";
            if (protocols.isEmpty()) {
                invalid(TLS_PROTOCOLS, text, "empty", allowed);
            }
            for (String protocol : protocols) {
                if (!KNOWN_TLS_PROTOCOLS.contains(protocol)) {
                    invalid(TLS_PROTOCOLS, text, "unknown protocol '" + protocol + "'", allowed);
                }
            }
            return protocols;
        }

        private Optional<StoreFile> store(String pathKey, String passwordKey, String typeKey) {
            String type = values.getOrDefault(typeKey, "PKCS12").trim();
            if (!Set.of("PKCS12", "JKS").contains(type.toUpperCase(Locale.ROOT))) {
                invalid(typeKey, type, "unsupported store type", "PKCS12 or JKS");
            }
            Optional<Path> path = existingFile(pathKey);
            if (!values.containsKey(pathKey)) {
                if (values.containsKey(passwordKey)) {
                    problem(passwordKey, "set without " + fullKey(client, pathKey) + "; allowed: both or neither");
                }
                return Optional.empty();
            }
            if (!values.containsKey(passwordKey)) {
                problem(passwordKey, "missing: the store " + values.get(pathKey) + " needs its password");
                return Optional.empty();
            }
            return path.map(p -> new StoreFile(p, Secret.of(values.get(passwordKey)), type.toUpperCase(Locale.ROOT)));
        }

        private Optional<Path> existingFile(String key) {
            String text = values.get(key);
            if (text == null) {
                return Optional.empty();
            }
            Path path = Path.of(text.trim());
            if (!Files.isRegularFile(path)) {
                invalid(key, text, "file not found", "the path of an existing, readable file");
                return Optional.empty();
            }
            if (!Files.isReadable(path)) {
                invalid(key, text, "file not readable", "the path of an existing, readable file");
                return Optional.empty();
            }
            return Optional.of(path);
        }

        private Optional<ProxyConfig> proxy() {
            String text = values.get(PROXY_HOST);
            Optional<Credentials> credentials = credentials(PROXY_USERNAME, PROXY_PASSWORD);
            if (text == null) {
                if (credentials.isPresent()) {
                    problem(PROXY_HOST, "missing while proxy.username/proxy.password are set; allowed: host:port");
                }
                return Optional.empty();
            }
            String allowed = "host:port of an HTTP proxy, e.g. proxy.corp.example:3128 or [::1]:3128, without scheme";
            String value = text.trim();
            if (value.contains("://")) {
                invalid(PROXY_HOST, text, "give host:port without a scheme (the tunnel is always HTTP CONNECT)", allowed);
                return Optional.empty();
            }
            int colon = value.lastIndexOf(':');
            boolean bracketed = value.startsWith("[");
            if (colon < 0 || (bracketed && colon < value.indexOf(']'))) {
                invalid(PROXY_HOST, text, "the port is missing", allowed);
                return Optional.empty();
            }
            String host = value.substring(0, colon);
            if (bracketed) {
                if (!host.endsWith("]")) {
                    invalid(PROXY_HOST, text, "unbalanced brackets around an IPv6 address", allowed);
                    return Optional.empty();
                }
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                invalid(PROXY_HOST, text, "an IPv6 address needs brackets", allowed);
                return Optional.empty();
            }
            if (host.isEmpty()) {
                invalid(PROXY_HOST, text, "the host is missing", allowed);
                return Optional.empty();
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                invalid(PROXY_HOST, text, "the port is not a number", allowed);
                return Optional.empty();
            }
            if (port < 1 || port > 65535) {
                invalid(PROXY_HOST, text, "port " + port + " is out of range", "a port from 1 to 65535");
                return Optional.empty();
            }
            return Optional.of(new ProxyConfig(host, port, credentials));
        }

        private Optional<PingConfig> ping() {
            boolean enabled = bool(PING_ENABLED, values.containsKey(PING_INTERVAL));
            Duration interval = positiveDuration(PING_INTERVAL, DEFAULT_KEEPALIVE);
            int probes = integer(PING_PROBES, 1, "a whole number ≥ 1").orElse(DEFAULT_PROBES);
            if (!enabled) {
                return Optional.empty();
            }
            return Optional.of(new PingConfig(interval, probes));
        }

        private Optional<TcpKeepAliveConfig> tcpKeepAlive() {
            boolean anyTuning = values.containsKey(TCP_KEEPALIVE_IDLE) || values.containsKey(TCP_KEEPALIVE_INTERVAL)
                    || values.containsKey(TCP_KEEPALIVE_PROBES);
            boolean enabled = bool(TCP_KEEPALIVE_ENABLED, anyTuning);
            Duration idle = wholeSeconds(TCP_KEEPALIVE_IDLE);
            Duration interval = wholeSeconds(TCP_KEEPALIVE_INTERVAL);
            int probes = integer(TCP_KEEPALIVE_PROBES, 1, "a whole number ≥ 1").orElse(DEFAULT_PROBES);
            if (!enabled) {
                return Optional.empty();
            }
            return Optional.of(new TcpKeepAliveConfig(idle, interval, probes));
        }

        /** The kernel takes TCP keepalive times in whole seconds. */
        private Duration wholeSeconds(String key) {
            Duration duration = positiveDuration(key, DEFAULT_KEEPALIVE);
            if (values.containsKey(key) && (duration.toMillis() % 1000 != 0 || duration.toSeconds() > 32767)) {
                invalid(key, values.get(key), "TCP keepalive times are whole seconds up to 32767s",
                        "a whole number of seconds from 1s to 32767s, e.g. 20s");
            }
            return duration;
        }

        private Duration positiveDuration(String key, Duration defaultValue) {
            String text = values.get(key);
            if (text == null) {
                return defaultValue;
            }
            String[] reason = new String[1];
            Optional<Duration> parsed = Durations.parse(text, reason);
            if (parsed.isEmpty()) {
                invalid(key, text, reason[0], Durations.ALLOWED);
                return defaultValue;
            }
            if (parsed.get().isZero() || parsed.get().isNegative()) {
                invalid(key, text, "must be positive", Durations.ALLOWED + ", greater than zero");
                return defaultValue;
            }
            return parsed.get();
        }

        /** A byte size from 1 KiB to 1 GiB. */
        private long size(String key, long defaultValue) {
            String text = values.get(key);
            if (text == null) {
                return defaultValue;
            }
            String[] reason = new String[1];
            Optional<Long> parsed = Sizes.parse(text, reason);
            if (parsed.isEmpty()) {
                invalid(key, text, reason[0], Sizes.ALLOWED);
                return defaultValue;
            }
            if (parsed.get() < MIN_SIZE || parsed.get() > MAX_SIZE) {
                invalid(key, text, "out of range", Sizes.ALLOWED + ", from 1KiB to 1GiB");
                return defaultValue;
            }
            return parsed.get();
        }

        private OptionalInt integer(String key, int min, String allowed) {
            String text = values.get(key);
            if (text == null) {
                return OptionalInt.empty();
            }
            try {
                int value = Integer.parseInt(text.trim());
                if (value >= min) {
                    return OptionalInt.of(value);
                }
                invalid(key, text, "out of range", allowed);
            } catch (NumberFormatException e) {
                invalid(key, text, "not a whole number", allowed);
            }
            return OptionalInt.empty();
        }

        private double decimal(String key, double defaultValue, double min, double max, String allowed) {
            String text = values.get(key);
            if (text == null) {
                return defaultValue;
            }
            try {
                double value = Double.parseDouble(text.trim());
                if (value >= min && value <= max) {
                    return value;
                }
                invalid(key, text, "out of range", allowed);
            } catch (NumberFormatException e) {
                invalid(key, text, "not a decimal number", allowed);
            }
            return defaultValue;
        }

        private boolean bool(String key, boolean defaultValue) {
            String text = values.get(key);
            if (text == null) {
                return defaultValue;
            }
            String value = text.trim().toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            invalid(key, text, "not a boolean", "true or false");
            return defaultValue;
        }

        private ConnectionType enumValue(String key, ConnectionType defaultValue) {
            String text = values.get(key);
            if (text == null) {
                return defaultValue;
            }
            for (ConnectionType type : ConnectionType.values()) {
                if (type.configValue().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return type;
                }
            }
            invalid(key, text, "unknown connection type", "persistent or on-demand");
            return defaultValue;
        }

        private List<String> tokenList(String key) {
            String text = values.get(key);
            if (text == null) {
                return List.of();
            }
            List<String> items = splitList(text);
            for (String item : items) {
                if (!TOKEN.matcher(item).matches()) {
                    invalid(key, text, "'" + item + "' is not a valid subprotocol token",
                            "a comma list of tokens such as ari, v1.events");
                }
            }
            if (new TreeSet<>(items).size() != items.size()) {
                invalid(key, text, "a protocol is listed twice", "a comma list of distinct tokens");
            }
            return items;
        }

        private static List<String> splitList(String text) {
            List<String> items = new ArrayList<>();
            Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
            return items;
        }

        private static boolean hasLineBreak(String value) {
            return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
        }

        private void invalid(String key, String value, String reason, String allowed) {
            failed = true;
            problems.invalid(client, key, value, reason, allowed);
        }

        private void problem(String key, String reason) {
            failed = true;
            problems.problem(client, key, reason);
        }
    }
}
