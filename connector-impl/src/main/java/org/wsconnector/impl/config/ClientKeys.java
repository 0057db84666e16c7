package org.wsconnector.impl.config;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The configuration contract: prefix, client names and the keys a client may carry (see README). */
public final class ClientKeys {
    public static final String PREFIX = "websocket.client.";
    public static final Pattern CLIENT_NAME = Pattern.compile("[a-z0-9-]+");
    static final String HEADERS_PREFIX = "headers.";

    static final String URI = "uri";
    static final String CONNECTION_TYPE = "connection-type";
    static final String PROTOCOLS = "protocols";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String CONNECTION_TIMEOUT = "connection-timeout";
    static final String CLOSE_TIMEOUT = "close-timeout";
    static final String RECONNECT_INTERVAL = "reconnect.interval";
    static final String RECONNECT_MAX_INTERVAL = "reconnect.max-interval";
    static final String RECONNECT_MULTIPLIER = "reconnect.multiplier";
    static final String RECONNECT_JITTER = "reconnect.jitter";
    static final String RECONNECT_ATTEMPTS = "reconnect.attempts";
    static final String RECONNECT_STABLE_AFTER = "reconnect.stable-after";
    static final String TLS_TRUST_STORE = "tls.trust-store";
    static final String TLS_TRUST_STORE_PASSWORD = "tls.trust-store-password";
    static final String TLS_TRUST_STORE_TYPE = "tls.trust-store-type";
    static final String TLS_CA_FILE = "tls.ca-file";
    static final String TLS_KEY_STORE = "tls.key-store";
    static final String TLS_KEY_STORE_PASSWORD = "tls.key-store-password";
    static final String TLS_KEY_STORE_TYPE = "tls.key-store-type";
    static final String TLS_CERT_FILE = "tls.cert-file";
    static final String TLS_KEY_FILE = "tls.key-file";
    static final String TLS_VERIFY_SERVER_CERT = "tls.verify-server-cert";
    static final String TLS_VERIFY_SERVER_HOSTNAME = "tls.verify-server-hostname";
    static final String TLS_PROTOCOLS = "tls.protocols";
    static final String PROXY_HOST = "proxy.host";
    static final String PROXY_USERNAME = "proxy.username";
    static final String PROXY_PASSWORD = "proxy.password";
    static final String PROXY_TLS = "proxy.tls";
    static final String PROXY_TLS_TRUST_STORE = "proxy.tls.trust-store";
    static final String PROXY_TLS_TRUST_STORE_PASSWORD = "proxy.tls.trust-store-password";
    static final String PROXY_TLS_TRUST_STORE_TYPE = "proxy.tls.trust-store-type";
    static final String PROXY_TLS_CA_FILE = "proxy.tls.ca-file";
    static final String PROXY_TLS_VERIFY_HOSTNAME = "proxy.tls.verify-hostname";
    static final String PROXY_SOURCE = "proxy.source";
    static final String PROXY_NO_PROXY = "proxy.no-proxy";
    static final String PROXY_AUTH_SCHEMES = "proxy.auth-schemes";
    static final String PROXY_AUTH_PREEMPTIVE = "proxy.auth-preemptive";
    static final String PROXY_KERBEROS_PRINCIPAL = "proxy.kerberos.principal";
    static final String PROXY_KERBEROS_KEYTAB = "proxy.kerberos.keytab";
    static final String PROXY_KERBEROS_JAAS_ENTRY = "proxy.kerberos.jaas-entry";
    static final String TCP_KEEPALIVE_ENABLED = "tcp-keepalive.enabled";
    static final String TCP_KEEPALIVE_IDLE = "tcp-keepalive.idle";
    static final String TCP_KEEPALIVE_INTERVAL = "tcp-keepalive.interval";
    static final String TCP_KEEPALIVE_PROBES = "tcp-keepalive.probes";
    static final String PING_ENABLED = "ping.enabled";
    static final String PING_INTERVAL = "ping.interval";
    static final String PING_PROBES = "ping.probes";
    static final String MAX_MESSAGE_SIZE = "max-message-size";
    static final String WRITE_TIMEOUT = "write-timeout";
    static final String DELIVERY_MAX_QUEUED_MESSAGES = "delivery.max-queued-messages";
    static final String DELIVERY_MAX_QUEUED_BYTES = "delivery.max-queued-bytes";
    static final String SEND_BUFFER_MAX_MESSAGES = "send-buffer.max-messages";
    static final String SEND_BUFFER_MAX_BYTES = "send-buffer.max-bytes";
    static final String SEND_BUFFER_MAX_AGE = "send-buffer.max-age";
    static final String HEALTH_READINESS = "health.readiness";
    static final String CLUSTER_OWNERSHIP = "cluster.ownership";

    static final List<String> ALL = List.of(URI, CONNECTION_TYPE, PROTOCOLS, USERNAME, PASSWORD, CONNECTION_TIMEOUT,
            CLOSE_TIMEOUT, RECONNECT_INTERVAL, RECONNECT_MAX_INTERVAL, RECONNECT_MULTIPLIER, RECONNECT_JITTER,
            RECONNECT_ATTEMPTS, RECONNECT_STABLE_AFTER, TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD,
            TLS_TRUST_STORE_TYPE, TLS_CA_FILE,
            TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD, TLS_KEY_STORE_TYPE, TLS_CERT_FILE, TLS_KEY_FILE,
            TLS_VERIFY_SERVER_CERT, TLS_VERIFY_SERVER_HOSTNAME, TLS_PROTOCOLS, PROXY_HOST, PROXY_USERNAME,
            PROXY_PASSWORD, PROXY_TLS, PROXY_TLS_TRUST_STORE, PROXY_TLS_TRUST_STORE_PASSWORD,
            PROXY_TLS_TRUST_STORE_TYPE, PROXY_TLS_CA_FILE, PROXY_TLS_VERIFY_HOSTNAME, PROXY_SOURCE, PROXY_NO_PROXY,
            PROXY_AUTH_SCHEMES, PROXY_AUTH_PREEMPTIVE,
            TCP_KEEPALIVE_ENABLED, TCP_KEEPALIVE_IDLE, TCP_KEEPALIVE_INTERVAL, TCP_KEEPALIVE_PROBES,
            PING_ENABLED, PING_INTERVAL, PING_PROBES, MAX_MESSAGE_SIZE, WRITE_TIMEOUT, DELIVERY_MAX_QUEUED_MESSAGES,
            DELIVERY_MAX_QUEUED_BYTES, SEND_BUFFER_MAX_MESSAGES, SEND_BUFFER_MAX_BYTES, SEND_BUFFER_MAX_AGE,
            HEALTH_READINESS, PROXY_KERBEROS_PRINCIPAL, PROXY_KERBEROS_KEYTAB, PROXY_KERBEROS_JAAS_ENTRY,
            CLUSTER_OWNERSHIP);

    private ClientKeys() {
    }

    public static String fullKey(String client, String key) {
        return PREFIX + client + "." + key;
    }

    /** The client a full key belongs to: {@code ari} for {@code websocket.client.ari.uri}; empty if none. */
    public static Optional<String> clientOf(String fullKey) {
        if (!fullKey.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = fullKey.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        return dot <= 0 || dot == rest.length() - 1 ? Optional.empty() : Optional.of(rest.substring(0, dot));
    }

    static boolean isKnown(String key) {
        return ALL.contains(key) || (key.startsWith(HEADERS_PREFIX) && key.length() > HEADERS_PREFIX.length());
    }

    /** The known key closest to a mistyped one, if it is close enough to be a typo. */
    static Optional<String> suggestionFor(String unknown) {
        List<String> candidates = new java.util.ArrayList<>(ALL);
        candidates.add(HEADERS_PREFIX + "<Header-Name>");
        return candidates.stream()
                .min(Comparator.comparingInt(candidate -> EditDistance.between(unknown, candidate)))
                .filter(best -> EditDistance.between(unknown, best) <= Math.max(2, unknown.length() / 3));
    }
}
