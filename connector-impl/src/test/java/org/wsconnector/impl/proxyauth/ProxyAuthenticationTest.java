package org.wsconnector.impl.proxyauth;

import org.junit.jupiter.api.Test;
import org.wsconnector.config.Credentials;
import org.wsconnector.config.ProxyAuthScheme;
import org.wsconnector.config.ProxyConfig;
import org.wsconnector.config.Secret;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The choice among a proxy's challenges and the reasons given when there is none, as README's table states them:
 * strongest offered, allowed and usable scheme first; Basic preemptive only when allowed; a refusal is a refusal of
 * the scheme in use; nothing the client may answer is said with what was offered and what is allowed.
 */
class ProxyAuthenticationTest {
    private static final Optional<Credentials> CREDENTIALS = Optional.of(new Credentials("CORP\\svc",
            Secret.of("pw")));
    private static final List<ProxyChallenge> EVERY_SCHEME = ProxyChallenges.parse(List.of("Basic realm=\"r\"",
            "Digest realm=\"r\", nonce=\"n\", qop=\"auth\"", "NTLM", "Negotiate"));

    @Test
    void preemptiveBasicThenTheStrongestOfferedSchemeTheClientCanAnswer() throws Exception {
        ProxyAuthentication authentication = authentication(CREDENTIALS, EnumSet.allOf(ProxyAuthScheme.class), true);

        assertThat(authentication.preemptive()).get().asString().startsWith("Basic ");
        assertThat(authentication.credentialsSent()).isTrue();
        // Negotiate is offered but not usable without Kerberos: NTLM is the strongest one left.
        assertThat(authentication.answer(EVERY_SCHEME)).startsWith("NTLM TlRMTVNT");
        assertThat(authentication.scheme()).contains(ProxyAuthScheme.NTLM);
        assertThat(authentication.connectionBound()).isTrue();
    }

    @Test
    void theAllowListNarrowsTheChoiceAndNoBasicGoesPreemptivelyWithoutBasic() throws Exception {
        ProxyAuthentication authentication = authentication(CREDENTIALS, EnumSet.of(ProxyAuthScheme.DIGEST), true);

        assertThat(authentication.preemptive()).isEmpty();
        assertThat(authentication.credentialsSent()).isFalse();
        assertThat(authentication.answer(EVERY_SCHEME)).startsWith("Digest username=\"CORP\\\\svc\"");
    }

    @Test
    void aPreemptiveBasicChallengedAgainIsRefusedAsSent() {
        ProxyAuthentication authentication = authentication(CREDENTIALS, EnumSet.of(ProxyAuthScheme.BASIC), true);
        authentication.preemptive();

        assertThatThrownBy(() -> authentication.answer(ProxyChallenges.parse(List.of("Basic realm=\"r\""))))
                .isInstanceOf(ProxyAuthFailure.class)
                .hasMessage("the configured proxy.username/proxy.password were sent and refused (Basic)");
    }

    @Test
    void aSchemeInUseThatIsNoLongerOfferedIsARefusal() throws Exception {
        ProxyAuthentication authentication = authentication(CREDENTIALS, EnumSet.allOf(ProxyAuthScheme.class), false);
        authentication.answer(ProxyChallenges.parse(List.of("NTLM")));

        assertThatThrownBy(() -> authentication.answer(ProxyChallenges.parse(List.of("Basic realm=\"r\""))))
                .isInstanceOf(ProxyAuthFailure.class).hasMessageEndingWith("(NTLM) and it no longer offers NTLM");
    }

    @Test
    void withNothingToAnswerTheReasonNamesWhatWasOfferedAndWhatIsAllowed() {
        assertThat(reason(Optional.empty(), EnumSet.allOf(ProxyAuthScheme.class), List.of("Basic realm=\"r\"")))
                .isEqualTo("it offers Basic; no credentials were sent: set proxy.username and proxy.password");
        assertThat(reason(CREDENTIALS, EnumSet.of(ProxyAuthScheme.DIGEST, ProxyAuthScheme.BASIC),
                List.of("NTLM", "X-Odd\u0007 realm=1")))
                .isEqualTo("it offers NTLM, X-Odd, none of which proxy.auth-schemes allows (digest, basic)");
        assertThat(reason(CREDENTIALS, EnumSet.allOf(ProxyAuthScheme.class), List.of()))
                .isEqualTo("it offers no scheme (no Proxy-Authenticate header)");
        assertThat(reason(CREDENTIALS, EnumSet.allOf(ProxyAuthScheme.class), List.of("Negotiate")))
                .isEqualTo("it offers Negotiate; no credentials were sent: Negotiate needs proxy.kerberos.principal "
                        + "and proxy.kerberos.keytab, or proxy.kerberos.jaas-entry");
    }

    private static String reason(Optional<Credentials> credentials, Set<ProxyAuthScheme> allowed,
                                 List<String> headers) {
        ProxyAuthentication authentication = authentication(credentials, allowed, false);
        try {
            authentication.answer(ProxyChallenges.parse(headers));
        } catch (ProxyAuthFailure failure) {
            return failure.getMessage();
        }
        throw new AssertionError("answered " + headers);
    }

    private static ProxyAuthentication authentication(Optional<Credentials> credentials, Set<ProxyAuthScheme> allowed,
                                                      boolean preemptive) {
        return new ProxyAuthentication(new ProxyAuthContext("c", new ProxyConfig("proxy", 3128, credentials, allowed,
                preemptive), "pbx:8089"));
    }
}
