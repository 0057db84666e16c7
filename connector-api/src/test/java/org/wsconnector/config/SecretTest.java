package org.wsconnector.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "wss://h/x|wss://h/x",
            "wss://h/x?app=billing|wss://h/x?app=billing",
            "wss://h/x?app=billing&api_key=k1|wss://h/x?app=billing&api_key=****",
            "wss://h/x?Access_Token=t1&flag|wss://h/x?Access_Token=****&flag",
            "wss://h/x?X-Amz-Signature=s1&password=p1&v=2|wss://h/x?X-Amz-Signature=****&password=****&v=2",
            "wss://h/x?token=|wss://h/x?token=****",
            "wss://h/x?secret=a=b#frag|wss://h/x?secret=****#frag"})
    void queryValuesNamedLikeCredentialsAreMaskedAndTheRestKept(String uri, String shown) {
        assertThat(Secret.maskQueryValues(uri)).isEqualTo(shown);
    }
}
