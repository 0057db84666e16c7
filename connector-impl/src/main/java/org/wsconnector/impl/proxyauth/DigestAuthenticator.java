package org.wsconnector.impl.proxyauth;

import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.impl.engine.PeerText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 7616 Digest for {@code CONNECT host:port}: MD5 and SHA-256 (and their {@code -sess} variants), {@code qop=auth}
 * (or RFC 2069's no qop, for old proxies), nonce counting, a fresh cnonce from {@link SecureRandom} per answer. A
 * second challenge is a refusal unless it says {@code stale=true} (the nonce expired, the password was right),
 * which is answered once more with the new nonce.
 */
final class DigestAuthenticator implements ProxyAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final Credentials credentials;
    private final String target;
    private int answers;
    private boolean staleRetried;
    private String nonce;
    private int nonceCount;

    DigestAuthenticator(Credentials credentials, String target) {
        this.credentials = credentials;
        this.target = target;
    }

    @Override
    public ProxyAuthScheme scheme() {
        return ProxyAuthScheme.DIGEST;
    }

    @Override
    public Optional<String> respond(ProxyChallenge challenge) throws ProxyAuthFailure {
        if (answers > 0) {
            boolean stale = challenge.param("stale").map(s -> s.equalsIgnoreCase("true")).orElse(false);
            if (!stale || staleRetried) {
                return Optional.empty(); // the proxy refused the response: the password is wrong
            }
            staleRetried = true;
        }
        answers++;
        return Optional.of(answer(challenge));
    }

    @Override
    public boolean connectionBound() {
        return false;
    }

    private String answer(ProxyChallenge challenge) throws ProxyAuthFailure {
        String realm = challenge.param("realm").orElseThrow(() -> malformed("no realm"));
        String challengeNonce = challenge.param("nonce").orElseThrow(() -> malformed("no nonce"));
        String algorithmName = challenge.param("algorithm").orElse("MD5");
        String algorithm = algorithmName.toUpperCase(Locale.ROOT);
        boolean session = algorithm.endsWith("-SESS");
        String digestName = switch (session ? algorithm.substring(0, algorithm.length() - 5) : algorithm) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> throw new ProxyAuthFailure("the proxy's Digest algorithm '" + PeerText.quote(algorithmName)
                    + "' is not supported (MD5, SHA-256 and their -sess variants are)");
        };
        Optional<String> qop = challenge.param("qop").map(DigestAuthenticator::chooseQop);
        if (challenge.param("qop").isPresent() && qop.isEmpty()) {
            throw new ProxyAuthFailure("the proxy's Digest qop '" + PeerText.quote(challenge.param("qop").get())
                    + "' offers no auth (auth-int is not supported for CONNECT)");
        }
        if (!challengeNonce.equals(nonce)) {
            nonce = challengeNonce;
            nonceCount = 0;
        }
        nonceCount++;
        String nc = String.format("%08x", nonceCount);
        String cnonce = cnonce();
        boolean userhash = challenge.param("userhash").map(u -> u.equalsIgnoreCase("true")).orElse(false);
        String username = credentials.username();
        String response = response(digestName, session, new String[] {username, realm,
                credentials.password().reveal()}, nonce, nc, cnonce, qop, "CONNECT", target);
        StringBuilder value = new StringBuilder("Digest ")
                .append("username=").append(quoted(userhash ? hash(digestName, username + ":" + realm) : username))
                .append(", realm=").append(quoted(realm))
                .append(", nonce=").append(quoted(nonce))
                .append(", uri=").append(quoted(target))
                .append(", response=").append(quoted(response))
                .append(", algorithm=").append(algorithmName);
        Optional<String> opaque = challenge.param("opaque");
        if (opaque.isPresent()) {
            value.append(", opaque=").append(quoted(opaque.get()));
        }
        if (qop.isPresent()) {
            value.append(", qop=").append(qop.get()).append(", nc=").append(nc)
                    .append(", cnonce=").append(quoted(cnonce));
        }
        if (userhash) {
            value.append(", userhash=true");
        }
        return value.toString();
    }

    /**
     * The request-digest of RFC 7616 section 3.4.1.
     *
     * @param userRealmPassword the three parts of A1
     * @param qop               {@code auth}, or empty for RFC 2069's digest without cnonce and nc
     */
    static String response(String digestName, boolean session, String[] userRealmPassword, String nonce, String nc,
                           String cnonce, Optional<String> qop, String method, String uri) {
        String ha1 = hash(digestName, String.join(":", userRealmPassword));
        if (session) {
            ha1 = hash(digestName, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hash(digestName, method + ":" + uri);
        return qop.isPresent()
                ? hash(digestName, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop.get() + ":" + ha2)
                : hash(digestName, ha1 + ":" + nonce + ":" + ha2);
    }

    /** {@code auth} when offered (a proxy may offer {@code auth,auth-int}); empty otherwise. */
    private static String chooseQop(String offered) {
        for (String option : offered.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        return null;
    }

    private static ProxyAuthFailure malformed(String what) {
        return new ProxyAuthFailure("the proxy's Digest challenge is malformed: " + what);
    }

    private static String cnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    static String hash(String algorithm, String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JDK", e);
        }
    }

    /**
     * A quoted-string; the proxy's own values (realm, nonce, opaque) are escaped back as they came. A control
     * character would end the header line the value goes into: such a challenge is refused, not echoed.
     */
    private static String quoted(String value) throws ProxyAuthFailure {
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw malformed("a control character in a value");
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
