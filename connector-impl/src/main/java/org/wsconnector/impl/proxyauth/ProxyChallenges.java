package org.wsconnector.impl.proxyauth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@code Proxy-Authenticate} header values into challenges (RFC 7235 section 2.1 and 4.3): several headers,
 * several comma-separated challenges in one, auth-params with token or quoted-string values, token68. The text is
 * the proxy's, so the parser never throws and never loops without consuming input: an element it cannot read is
 * skipped up to the next comma, and the counts are bounded.
 */
public final class ProxyChallenges {
    /** Far beyond any real proxy (squid offers one challenge per configured scheme). */
    static final int MAX_CHALLENGES = 32;
    static final int MAX_PARAMS = 32;

    private final String text;
    private int at;

    private ProxyChallenges(String text) {
        this.text = text;
    }

    /** The challenges of every value, in order; what cannot be parsed is left out. */
    public static List<ProxyChallenge> parse(List<String> headerValues) {
        List<ProxyChallenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            new ProxyChallenges(value).readInto(challenges);
        }
        return List.copyOf(challenges);
    }

    private void readInto(List<ProxyChallenge> challenges) {
        while (challenges.size() < MAX_CHALLENGES) {
            skipWhile(",  \t");
            if (at >= text.length()) {
                return;
            }
            int start = at;
            Optional<ProxyChallenge> challenge = challenge();
            if (challenge.isPresent()) {
                challenges.add(challenge.get());
            } else {
                // Skip the whole element, quotes respected from its start, and always move on however odd the text.
                int failedAt = at;
                at = start;
                skipUntilComma();
                at = Math.max(at, Math.max(failedAt, start + 1));
            }
        }
    }

    private Optional<ProxyChallenge> challenge() {
        String scheme = token();
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        int afterScheme = at;
        skipWhile(" \t");
        if (at == afterScheme || atElementEnd()) {
            return Optional.of(new ProxyChallenge(scheme, Optional.empty(), Map.of())); // a bare scheme
        }
        Optional<String> token68 = token68();
        if (token68.isPresent()) {
            return Optional.of(new ProxyChallenge(scheme, token68, Map.of()));
        }
        Map<String, String> params = new LinkedHashMap<>();
        while (params.size() < MAX_PARAMS) {
            Optional<Map.Entry<String, String>> param = param();
            if (param.isEmpty()) {
                return Optional.empty();
            }
            params.putIfAbsent(param.get().getKey(), param.get().getValue());
            skipWhile(" \t");
            if (at >= text.length()) {
                break;
            }
            if (text.charAt(at) != ',') {
                return Optional.empty();
            }
            int comma = at;
            skipWhile(",  \t");
            if (!startsParam()) {
                at = comma; // the next challenge begins here
                break;
            }
        }
        return Optional.of(new ProxyChallenge(scheme, Optional.empty(), params));
    }

    /** A token68 that fills the rest of the element: {@code abc+/=} then only whitespace up to a comma or the end. */
    private Optional<String> token68() {
        int start = at;
        while (at < text.length() && isToken68Char(text.charAt(at))) {
            at++;
        }
        int body = at;
        while (at < text.length() && text.charAt(at) == '=') {
            at++;
        }
        int end = at;
        skipWhile(" \t");
        if (body > start && atElementEnd()) {
            return Optional.of(text.substring(start, end));
        }
        at = start;
        return Optional.empty();
    }

    private Optional<Map.Entry<String, String>> param() {
        String name = token();
        if (name.isEmpty()) {
            return Optional.empty();
        }
        skipWhile(" \t");
        if (at >= text.length() || text.charAt(at) != '=') {
            return Optional.empty();
        }
        at++;
        skipWhile(" \t");
        Optional<String> value = at < text.length() && text.charAt(at) == '"' ? quoted() : Optional.of(token());
        return value.map(v -> Map.entry(name, v));
    }

    /** A quoted-string without its quotes, its quoted-pairs resolved; empty when it does not end. */
    private Optional<String> quoted() {
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return Optional.of(value.toString());
            }
            if (c == '\\' && at < text.length()) {
                c = text.charAt(at++);
            }
            value.append(c);
        }
        return Optional.empty();
    }

    /** Whether a {@code name=} follows (a further auth-param) rather than a new challenge's scheme. */
    private boolean startsParam() {
        int saved = at;
        boolean param = !token().isEmpty();
        skipWhile(" \t");
        param &= at < text.length() && text.charAt(at) == '=';
        at = saved;
        return param;
    }

    private String token() {
        int start = at;
        while (at < text.length() && isTokenChar(text.charAt(at))) {
            at++;
        }
        return text.substring(start, at);
    }

    private boolean atElementEnd() {
        return at >= text.length() || text.charAt(at) == ',';
    }

    private void skipWhile(String characters) {
        while (at < text.length() && characters.indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private void skipUntilComma() {
        boolean quoted = false;
        while (at < text.length() && (quoted || text.charAt(at) != ',')) {
            if (text.charAt(at) == '"') {
                quoted = !quoted;
            } else if (quoted && text.charAt(at) == '\\') {
                at++;
            }
            at++;
        }
    }

    /** RFC 7230 tchar. */
    private static boolean isTokenChar(char c) {
        return c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static boolean isToken68Char(char c) {
        return c < 0x7f && (Character.isLetterOrDigit(c) || "-._~+/".indexOf(c) >= 0);
    }
}
