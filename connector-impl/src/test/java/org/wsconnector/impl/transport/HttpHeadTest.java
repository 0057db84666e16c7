package org.wsconnector.impl.transport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replies that are not an HTTP head are refused as such, whatever their first bytes. */
class HttpHeadTest {

    /** Found by ProxyReplyFuzzTest: a reply opening with a bare LF was an IndexOutOfBoundsException. */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\nHTTP/1.1 200 OK\r\n\r\n", "\r\nHTTP/1.1 200 OK\r\n\r\n", "\n\n"})
    void aReplyOpeningWithAnEmptyLineIsMalformed(String reply) {
        assertThatThrownBy(() -> HttpHead.read(new ByteArrayInputStream(HttpHead.ascii(reply))))
                .isInstanceOf(HttpHead.MalformedHeadException.class)
                .hasMessageStartingWith("not an HTTP reply (first byte 0x");
    }
}
