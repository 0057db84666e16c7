package org.wsconnector.impl.proxyauth;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One challenge of a proxy's {@code Proxy-Authenticate} header (RFC 7235 section 2.1): a scheme with either a
 * token68 (NTLM's and Negotiate's base64 blobs) or auth-params (Digest's realm, nonce, …), or neither. Parameter
 * names are case-insensitive; values are unquoted. Everything here is the proxy's text: escape it before it goes
 * into a message or a log line.
 *
 * @param scheme  as the proxy wrote it, e.g. {@code Digest}; compare with {@link #isScheme(String)}
 * @param token68 the token68 when the challenge has one
 * @param params  the auth-params, by case-insensitive name; empty with a token68
 */
public record ProxyChallenge(String scheme, Optional<String> token68, Map<String, String> params) {
    public ProxyChallenge {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(token68, "token68");
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(params);
        params = Collections.unmodifiableMap(byName);
    }

    /** Whether this challenge is of {@code name} (scheme names are case-insensitive). */
    public boolean isScheme(String name) {
        return scheme.equalsIgnoreCase(name);
    }

    /** The auth-param {@code name}, when the proxy sent it. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }
}
