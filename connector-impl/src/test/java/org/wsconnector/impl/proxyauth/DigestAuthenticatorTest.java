package org.wsconnector.impl.proxyauth;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.Credentials;
import org.wsconnector.config.Secret;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request-digest against RFC 7616's own examples (section 3.9.1, MD5 and SHA-256), and the rounds: one answer,
 * one more only for {@code stale=true}, nonce counting, values the proxy may not smuggle into the header.
 */
class DigestAuthenticatorTest {
    private static final String[] MUFASA = {"Mufasa", "http-auth@example.org", "Circle of Life"};
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void responsesAreRfc7616sExamples() {
        assertThat(DigestAuthenticator.response("MD5", false, MUFASA, NONCE, "00000001", CNONCE, Optional.of("auth"),
                "GET", "/dir/index.html")).isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(DigestAuthenticator.response("SHA-256", false, MUFASA, NONCE, "00000001", CNONCE,
                Optional.of("auth"), "GET", "/dir/index.html"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void answersOnceThenOnlyAStaleNonceOnceMoreCountingPerNonce() throws Exception {
        DigestAuthenticator digest = new DigestAuthenticator(credentials(), "127.0.0.1:8080");
        String first = digest.respond(challenge("n1", Map.of())).orElseThrow();
        assertThat(first).startsWith("Digest username=\"svc\", realm=\"r\", nonce=\"n1\", uri=\"127.0.0.1:8080\"")
                .contains("qop=auth, nc=00000001, cnonce=\"").contains("algorithm=SHA-256");
        assertThat(digest.respond(challenge("n2", Map.of("stale", "TRUE")))).get().asString()
                .contains("nonce=\"n2\"").contains("nc=00000001");
        assertThat(digest.respond(challenge("n3", Map.of("stale", "true")))).as("a second stale is a refusal")
                .isEmpty();

        DigestAuthenticator refused = new DigestAuthenticator(credentials(), "127.0.0.1:8080");
        refused.respond(challenge("n1", Map.of()));
        assertThat(refused.respond(challenge("n1", Map.of()))).as("the same challenge again: wrong password").isEmpty();
    }

    @Test
    void refusesWhatItCannotAnswerWithoutEchoingAControlCharacter() {
        DigestAuthenticator digest = new DigestAuthenticator(credentials(), "127.0.0.1:8080");
        assertThatThrownBy(() -> digest.respond(new ProxyChallenge("Digest", Optional.empty(),
                Map.of("realm", "r", "nonce", "n", "algorithm", "SHA-512-256\u0007"))))
                .isInstanceOf(ProxyAuthFailure.class).hasMessageContaining("'SHA-512-256\\x07' is not supported");
        assertThatThrownBy(() -> new DigestAuthenticator(credentials(), "h:1").respond(new ProxyChallenge("Digest",
                Optional.empty(), Map.of("realm", "r\r\nX-Injected: 1", "nonce", "n"))))
                .isInstanceOf(ProxyAuthFailure.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> new DigestAuthenticator(credentials(), "h:1").respond(new ProxyChallenge("Digest",
                Optional.empty(), Map.of("realm", "r"))))
                .isInstanceOf(ProxyAuthFailure.class).hasMessageContaining("no nonce");
        assertThatThrownBy(() -> new DigestAuthenticator(credentials(), "h:1").respond(new ProxyChallenge("Digest",
                Optional.empty(), Map.of("realm", "r", "nonce", "n", "qop", "auth-int"))))
                .isInstanceOf(ProxyAuthFailure.class).hasMessageContaining("auth-int");
    }

    private static ProxyChallenge challenge(String nonce, Map<String, String> extra) {
        java.util.HashMap<String, String> params = new java.util.HashMap<>(Map.of("realm", "r", "nonce", nonce,
                "qop", "auth,auth-int", "algorithm", "SHA-256"));
        params.putAll(extra);
        return ProxyChallenges.parse(List.of("Digest " + String.join(", ", params.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").toList()))).get(0);
    }

    private static Credentials credentials() {
        return new Credentials("svc", Secret.of("pw"));
    }
}
