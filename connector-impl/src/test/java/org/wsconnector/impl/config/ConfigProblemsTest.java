package org.wsconnector.impl.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wsconnector.ConfigProblem;
import org.wsconnector.ConfigurationException;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wsconnector.ConfigProblemCode.INVALID_DURATION;
import static org.wsconnector.ConfigProblemCode.MALFORMED_KEY;
import static org.wsconnector.ConfigProblemCode.MISSING_KEY;
import static org.wsconnector.ConfigProblemCode.WRONG_STORE_PASSWORD;

/** The one place that pins the text of a problem line: client, full key, value (or ****), reason, allowed. */
class ConfigProblemsTest {
    private final ConfigProblems problems = new ConfigProblems();

    @Test
    void aBadValueNamesClientKeyValueReasonAndWhatIsAllowedAfterItsCode() {
        problems.invalid(INVALID_DURATION, "ari", "connection-timeout", "10", "a bare number has no unit",
                "a duration with a unit");

        assertThat(problems.problems()).containsExactly(new ConfigProblem(INVALID_DURATION, Optional.of("ari"),
                Optional.of("websocket.client.ari.connection-timeout"), "client 'ari', key "
                + "websocket.client.ari.connection-timeout, value '10': a bare number has no unit; allowed: a duration "
                + "with a unit"));
        assertThat(problems.messages()).containsExactly("WSCFG0101: client 'ari', key "
                + "websocket.client.ari.connection-timeout, value '10': a bare number has no unit; allowed: a duration "
                + "with a unit");
    }

    @Test
    void aProblemOfNoSingleValueNamesClientAndKey() {
        problems.problem(MISSING_KEY, "ari", "uri", "required key is missing; allowed: a ws:// or wss:// URI");

        assertThat(problems.messages()).containsExactly(
                "WSCFG0001: client 'ari', key websocket.client.ari.uri: required key is missing; allowed: a ws:// or "
                        + "wss:// URI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "proxy.password", "tls.trust-store-password", "headers.Authorization",
            "headers.X-Api-Key", "headers.Cookie", "headers.X-Auth-Token", "headers.X-Client-Secret"})
    void secretValuesAreShownAsStars(String key) {
        problems.invalid(WRONG_STORE_PASSWORD, "ari", key, "hunter2", "refused", null);

        assertThat(problems.messages()).singleElement().asString()
                .contains("value '****': refused").doesNotContain("hunter2");
    }

    @Test
    void problemsComeClientByClientEachInTheOrderFoundThoseOfNoClientFirst() {
        problems.problem(MISSING_KEY, "zeta", "uri", "missing");
        problems.problem(MISSING_KEY, "alpha", "uri", "missing");
        problems.invalid(INVALID_DURATION, "zeta", "close-timeout", "1", "no unit", null);
        problems.add(new ConfigProblem(MALFORMED_KEY, Optional.empty(), Optional.of("websocket.client.x"),
                "malformed"));

        assertThat(problems.problems()).extracting(found -> found.key().orElseThrow()).containsExactly(
                "websocket.client.x", "websocket.client.alpha.uri", "websocket.client.zeta.uri",
                "websocket.client.zeta.close-timeout");
        assertThat(problems.concern("zeta")).isTrue();
        assertThat(problems.concern("x")).isFalse();
    }

    @Test
    void throwIfAnyThrowsOneExceptionCarryingEveryProblem() {
        problems.throwIfAny();
        problems.problem(MISSING_KEY, "ari", "uri", "missing");
        problems.problem(MISSING_KEY, "feed", "uri", "missing");

        assertThatThrownBy(problems::throwIfAny).isInstanceOfSatisfying(ConfigurationException.class,
                failure -> assertThat(failure.problems()).isEqualTo(problems.problems()));
    }
}
