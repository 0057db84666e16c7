package org.wsconnector;

/**
 * The kind of a {@link ConfigProblem}, with a stable id such as {@code WSCFG0101} that starts each reported line (as
 * SmallRye Config's {@code SRCFG00011}). An id never changes meaning and is never reused; the README's
 * "Configuration problems" table gives the meaning and fix of each. Ranges: {@code 00xx} keys and clients,
 * {@code 01xx} one value, {@code 02xx} keys that go together, {@code 03xx} TLS files and stores.
 */
public enum ConfigProblemCode {
    /** A required key is missing (uri). */
    MISSING_KEY(1),
    /** A key under a client's prefix that the connector does not know; the message suggests the closest one. */
    UNKNOWN_KEY(2),
    /** A key under {@code websocket.client.} that is not {@code <name>.<key>}. */
    MALFORMED_KEY(3),
    /** A client name outside {@code [a-z0-9-]+}. */
    INVALID_CLIENT_NAME(4),
    /** A value whose expression (e.g. {@code ${ENV_VAR}}) the configuration cannot resolve. */
    UNRESOLVABLE_VALUE(5),
    /** An injection point names a client that has no configuration. */
    UNCONFIGURED_CLIENT(6),
    /** An injection point of {@code ManagedWebSocket} without {@code @WebSocketClient}. */
    UNQUALIFIED_INJECTION_POINT(7),
    /**
     * Reading a value failed in a way the connector did not foresee (a defect of the connector): reported with the
     * key and the masked value so that the boot still lists every other problem instead of failing on an exception.
     */
    UNEXPECTED_FAILURE(8),

    /** Not a duration with a unit (a bare number, an unknown unit, invalid ISO-8601). */
    INVALID_DURATION(101),
    /** Not a byte size (not a number, an ambiguous unit such as MB). */
    INVALID_SIZE(102),
    /** Not a whole or decimal number where one is expected. */
    INVALID_NUMBER(103),
    /** A number, size, duration or port outside its range (or not whole seconds where the kernel needs them). */
    OUT_OF_RANGE(104),
    /** Not {@code true} or {@code false}. */
    INVALID_BOOLEAN(105),
    /** Not one of the listed choices (connection-type, store type, TLS protocol). */
    UNKNOWN_VALUE(106),
    /** Not an absolute ws:// or wss:// URI with a host and without a fragment. */
    INVALID_URI(107),
    /** User-info (credentials) in the URI. */
    CREDENTIALS_IN_URI(108),
    /** proxy.host is not {@code host:port}. */
    INVALID_PROXY_ADDRESS(109),
    /** Not an HTTP token: a subprotocol or a header name. */
    INVALID_TOKEN(110),
    /** A list that is empty or names an item twice. */
    INVALID_LIST(111),
    /** A character that is not allowed there: CR or LF in a header or credential, ':' in a Basic username. */
    FORBIDDEN_CHARACTER(112),
    /** A header the connector writes itself (Host, Upgrade, Sec-WebSocket-*, Proxy-Authorization, …). */
    RESERVED_HEADER(113),
    /** proxy.no-proxy holds an entry that is no host suffix, IP literal, CIDR block or {@code *}. */
    INVALID_NO_PROXY(120),
    /** The proxy setting proxy.source reads from the platform (environment, JVM) cannot be used as it is. */
    UNUSABLE_PLATFORM_PROXY(121),

    /** A key set without the key it needs (a password without its user or store, a cert without its key, …). */
    MISSING_COMPANION_KEY(201),
    /** Keys that exclude each other, or whose values contradict each other. */
    CONFLICTING_KEYS(202),
    /** Keys that would have no effect (tls.* on a ws:// URI). */
    IGNORED_KEYS(203),
    /** proxy.source names platform sources that define no proxy, and does not allow a direct connection. */
    NO_PLATFORM_PROXY(210),
    /**
     * A setting needs a library the application does not have: cluster.ownership=one-member needs JGroups, ntlm in
     * proxy.auth-schemes needs Bouncy Castle.
     */
    MISSING_LIBRARY(220),

    /** No file at the path. */
    FILE_NOT_FOUND(301),
    /** The file exists but this process may not read it. */
    FILE_NOT_READABLE(302),
    /** The password does not open the key or trust store. */
    WRONG_STORE_PASSWORD(303),
    /** The store cannot be read: corrupt, or not of the configured type. */
    UNREADABLE_STORE(304),
    /** A PEM file without the expected block, or with a key in an unsupported form (encrypted, PKCS#1). */
    UNREADABLE_PEM(305),
    /** The key store holds no private key entry. */
    NO_PRIVATE_KEY(306),
    /** The store opens but its private key does not recover with the same password. */
    WRONG_KEY_PASSWORD(307),
    /** The private key does not fit the client certificate. */
    KEY_CERTIFICATE_MISMATCH(308),
    /** The TLS context cannot be built from otherwise readable material. */
    TLS_SETUP_FAILED(309);

    private final String id;

    ConfigProblemCode(int number) {
        this.id = String.format("WSCFG%04d", number);
    }

    /** The stable id, e.g. {@code WSCFG0101}. */
    public String id() {
        return id;
    }
}
