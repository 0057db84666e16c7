package org.wsconnector.impl.proxyauth;

import org.junit.jupiter.api.Test;
import org.wsconnector.impl.FuzzSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7235's challenge grammar as proxies write it (squid's headers, several challenges in one header, quoted
 * strings with commas and escapes, token68), and a seeded fuzz: random and mutated headers never make the parser
 * throw, loop or return more than its bounds; well-formed generated challenges come back exactly.
 */
class ProxyChallengesTest {

    @Test
    void readsSquidsHeadersOneChallengeEach() {
        List<ProxyChallenge> challenges = ProxyChallenges.parse(List.of(
                "Negotiate",
                "NTLM",
                "Digest realm=\"ws-connector-test\", nonce=\"Ab+/3Q==\", qop=\"auth\", stale=false",
                "Basic realm=\"ws-connector-test\""));

        assertThat(challenges).extracting(ProxyChallenge::scheme).containsExactly("Negotiate", "NTLM", "Digest",
                "Basic");
        ProxyChallenge digest = challenges.get(2);
        assertThat(digest.param("REALM")).contains("ws-connector-test");
        assertThat(digest.param("nonce")).contains("Ab+/3Q==");
        assertThat(digest.param("qop")).contains("auth");
        assertThat(digest.param("stale")).contains("false");
        assertThat(challenges.get(0).token68()).isEmpty();
        assertThat(challenges.get(0).params()).isEmpty();
    }

    @Test
    void splitsSeveralChallengesInOneHeaderAndKeepsCommasInsideQuotedStrings() {
        List<ProxyChallenge> challenges = ProxyChallenges.parse(List.of(
                "Basic realm=\"a, \\\"b\\\"\", NTLM TlRMTVNTUAACAAAA==, Digest realm=x ,qop=\"auth,auth-int\","
                        + "nonce=abc, Negotiate"));

        assertThat(challenges).extracting(ProxyChallenge::scheme).containsExactly("Basic", "NTLM", "Digest",
                "Negotiate");
        assertThat(challenges.get(0).param("realm")).contains("a, \"b\"");
        assertThat(challenges.get(1).token68()).contains("TlRMTVNTUAACAAAA==");
        assertThat(challenges.get(2).params()).containsEntry("realm", "x").containsEntry("qop", "auth,auth-int")
                .containsEntry("nonce", "abc");
    }

    @Test
    void skipsWhatItCannotReadAndKeepsTheRest() {
        List<ProxyChallenge> challenges = ProxyChallenges.parse(List.of(
                "\"quoted\" scheme, Digest realm=\"never closed, Basic realm=ok",
                "=== , @@@ x=y, NTLM",
                ""));

        assertThat(challenges).extracting(ProxyChallenge::scheme).containsExactly("NTLM");
    }

    @Test
    void everyFuzzedHeaderParsesWithoutThrowingWithinItsBounds() {
        FuzzSettings fuzz = FuzzSettings.read(7235, 3000);
        fuzz.run().forEach(iteration -> {
            SplittableRandom random = fuzz.random(iteration);
            List<String> headers = new ArrayList<>();
            for (int h = random.nextInt(4); h >= 0; h--) {
                headers.add(randomText(random));
            }
            List<ProxyChallenge> challenges = ProxyChallenges.parse(headers);
            assertThat(challenges.size()).as(fuzz.replay(iteration))
                    .isLessThanOrEqualTo(ProxyChallenges.MAX_CHALLENGES * headers.size());
            assertThat(challenges).as(fuzz.replay(iteration)).allSatisfy(c -> {
                assertThat(c.scheme()).isNotEmpty().doesNotContain(" ", ",", "\"");
                assertThat(c.params().size()).isLessThanOrEqualTo(ProxyChallenges.MAX_PARAMS);
            });
        });
    }

    @Test
    void everyGeneratedWellFormedHeaderComesBackExactly() {
        FuzzSettings fuzz = FuzzSettings.read(2617, 1000);
        fuzz.run().forEach(iteration -> {
            SplittableRandom random = fuzz.random(iteration);
            List<ProxyChallenge> expected = new ArrayList<>();
            StringBuilder header = new StringBuilder();
            for (int c = random.nextInt(4); c >= 0; c--) {
                ProxyChallenge challenge = randomChallenge(random);
                expected.add(challenge);
                header.append(header.length() == 0 ? "" : random.nextBoolean() ? ", " : " ,").append(write(challenge));
            }
            assertThat(ProxyChallenges.parse(List.of(header.toString()))).as(fuzz.replay(iteration) + ": " + header)
                    .isEqualTo(expected);
        });
    }

    private static ProxyChallenge randomChallenge(SplittableRandom random) {
        String scheme = List.of("Basic", "Digest", "NTLM", "Negotiate", "X-Custom").get(random.nextInt(5));
        int kind = random.nextInt(3);
        if (kind == 0) {
            return new ProxyChallenge(scheme, Optional.empty(), Map.of());
        }
        if (kind == 1) {
            return new ProxyChallenge(scheme, Optional.of(token(random, "ABCxyz019+/-._~") + "==".substring(
                    random.nextInt(3))), Map.of());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int p = random.nextInt(4); p >= 0; p--) {
            params.putIfAbsent("p" + p, random.nextBoolean() ? token(random, "abc123-.")
                                                           : token(random, "a b,c=\"\\d"));
        }
        return new ProxyChallenge(scheme, Optional.empty(), params);
    }

    private static String write(ProxyChallenge challenge) {
        if (challenge.token68().isPresent()) {
            return challenge.scheme() + " " + challenge.token68().get();
        }
        List<String> params = new ArrayList<>();
        challenge.params().forEach((name, value) -> params.add(name + "=\"" + value.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\""));
        return challenge.scheme() + (params.isEmpty() ? "" : " " + String.join(", ", params));
    }

    private static String token(SplittableRandom random, String alphabet) {
        StringBuilder token = new StringBuilder();
        for (int i = random.nextInt(12) + 1; i > 0; i--) {
            token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private static String randomText(SplittableRandom random) {
        String alphabet = "Basic Digest NTLM,=\"\\ \t;:abc=0/+\u00e9\u0000\r";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(200); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
