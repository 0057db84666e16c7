package org.wsconnector.impl.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every range of close codes RFC 6455 7.4.1/7.4.2 and the IANA registry define, at its ends and its neighbours:
 * what an application may send, and for what it may not, the rule the message names.
 */
class CloseFrameRulesTest {

    @ParameterizedTest(name = "{0} may be sent")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000,
            4999})
    void definedAndRegisteredCodesAndTheApplicationRangesMayBeSent(int code) {
        assertThatCode(() -> CloseFrameRules.check(code, "bye")).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "-1|codes below 1000 are not defined",
            "0|codes below 1000 are not defined",
            "999|codes below 1000 are not defined",
            "1004|is reserved (RFC 6455 7.4.1)",
            "1005|must not be sent in a close frame",
            "1006|must not be sent in a close frame",
            "1015|must not be sent in a close frame",
            "1016|reserved for the WebSocket protocol and its extensions",
            "2000|reserved for the WebSocket protocol and its extensions",
            "2999|reserved for the WebSocket protocol and its extensions",
            "5000|outside the ranges RFC 6455 7.4.2 defines",
            "65535|outside the ranges RFC 6455 7.4.2 defines"})
    void reservedAndUndefinedCodesAreRefusedNamingTheRule(int code, String rule) {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                () -> CloseFrameRules.check(code, ""));
        assertThat(refused).hasMessageStartingWith("close code " + code + " ").hasMessageContaining(rule);
    }

    @ParameterizedTest(name = "{0} characters of {1} UTF-8 bytes each")
    @CsvSource({"123, a", "61, é", "41, €", "30, \uD83D\uDE00"})
    void aReasonOfUpTo123Utf8BytesFits(int count, String character) {
        String reason = character.repeat(count);
        assertThatCode(() -> CloseFrameRules.check(1000, reason)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} characters of {1}: {2} bytes")
    @CsvSource({"124, a, 124", "62, é, 124", "42, €, 126", "31, \uD83D\uDE00, 124"})
    void aReasonOverThe123Utf8BytesIsRefusedWithItsSize(int count, String character, int bytes) {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class,
                () -> CloseFrameRules.check(1000, character.repeat(count)));
        assertThat(refused).hasMessage("close reason is " + bytes + " bytes in UTF-8; at most 123 fit in a close "
                + "frame (RFC 6455 5.5: 125 bytes with the 2-byte code)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"half a pair: \uD83D", "\uDE00 alone"})
    void aReasonWithAnUnpairedSurrogateIsRefused(String reason) {
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> CloseFrameRules.check(1000, reason)))
                .hasMessageContaining("not well-formed UTF-16");
    }

    @Test
    void aNullReasonCountsAsEmpty() {
        assertThatCode(() -> CloseFrameRules.check(1000, null)).doesNotThrowAnyException();
    }
}
