package org.wsconnector.testbed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy side of RFC 7616 Digest for {@link ConnectProxy}, for what squid 5.7 cannot do: SHA-256 (squid's
 * digest is MD5 only) and a nonce that goes stale on purpose. Issues nonces, checks a {@code Proxy-Authorization:
 * Digest ...} answer to {@code CONNECT} with {@code qop=auth}, and answers the first {@code staleAnswers} correct
 * answers with a fresh challenge saying {@code stale=true}. Thread-safe.
 */
final class DigestVerifier {
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String user;
    private final String password;
    private final String algorithm;
    private final String realm;
    private final AtomicInteger staleLeft;
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();

    DigestVerifier(String user, String password, String algorithm, String realm, int staleAnswers) {
        this.user = user;
        this.password = password;
        this.algorithm = algorithm;
        this.realm = realm;
        this.staleLeft = new AtomicInteger(staleAnswers);
    }

    /** @return empty when {@code authorization} is a correct answer; otherwise the Proxy-Authenticate value */
    Optional<String> check(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().startsWith("Digest ")) {
            return Optional.of(challenge(false));
        }
        Map<String, String> params = new HashMap<>();
        Matcher matcher = PARAM.matcher(authorization.get().substring(7));
        while (matcher.find()) {
            params.put(matcher.group(1).toLowerCase(), matcher.group(2) != null
                    ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3));
        }
        String nonce = params.getOrDefault("nonce", "");
        if (!nonces.contains(nonce) || !user.equals(params.get("username")) || !"auth".equals(params.get("qop"))
                || !expected(params).equals(params.get("response"))) {
            return Optional.of(challenge(false));
        }
        if (staleLeft.getAndDecrement() > 0) {
            nonces.remove(nonce);
            return Optional.of(challenge(true));
        }
        return Optional.empty();
    }

    private String challenge(boolean stale) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String nonce = HexFormat.of().formatHex(bytes);
        nonces.add(nonce);
        return "Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", qop=\"auth\", algorithm=" + algorithm
                + (stale ? ", stale=true" : "");
    }

    private String expected(Map<String, String> p) {
        String a1 = hex(user + ":" + realm + ":" + password);
        String a2 = hex("CONNECT:" + p.get("uri"));
        return hex(String.join(":", a1, p.get("nonce"), p.get("nc"), p.get("cnonce"), "auth", a2));
    }

    private String hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm " + algorithm, e);
        }
    }
}
