package org.wsconnector.impl.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A 407's body is consumed exactly, so that the next reply on the connection starts where it should: by
 * Content-Length, by chunks (extensions and trailers included); a reply that closes or has no length is reported as
 * not reusable without reading on; broken framing is a malformed reply, never a hang.
 */
class ReplyBodyTest {
    private static final String NEXT = "HTTP/1.1 200 Connection established\r\n\r\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Content-Length    | Content-Length: 12\\r\\n                 | hello, proxy",
            "empty body        | Content-Length: 0\\r\\n                  | ''",
            "chunked | Transfer-Encoding: chunked\\r\\n | 5\\r\\nhello\\r\\n7;ext=1\\r\\n, proxy\\r\\n0\\r\\n\\r\\n",
            "chunked, trailers | Transfer-Encoding: chunked\\r\\n | 5\\r\\nhello\\r\\n0\\r\\nX-Trailer: 1\\r\\n\\r\\n"})
    void theBodyIsReadExactlyAndTheConnectionStaysUsable(String what, String framing, String body) throws Exception {
        InputStream in = stream("HTTP/1.1 407 Proxy Authentication Required\r\n" + unescape(framing) + "\r\n"
                + unescape(body) + NEXT);
        HttpHead head = HttpHead.read(in);

        assertThat(ReplyBody.discard(in, head)).isTrue();
        assertThat(HttpHead.read(in).status()).as("the next reply starts right after the body").isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Connection: close          | HTTP/1.1 | Connection: close\\r\\nContent-Length: 5\\r\\n",
            "Proxy-Connection: close    | HTTP/1.1 | Proxy-Connection: close\\r\\nContent-Length: 5\\r\\n",
            "HTTP/1.0 without keep-alive | HTTP/1.0 | Content-Length: 5\\r\\n",
            "no length                  | HTTP/1.1 | Content-Type: text/html\\r\\n",
            "two lengths                | HTTP/1.1 | Content-Length: 5\\r\\nContent-Length: 6\\r\\n",
            "a length beyond 1 MiB      | HTTP/1.1 | Content-Length: 1048577\\r\\n"})
    void aReplyThatEndsTheConnectionOrHasNoUsableLengthIsNotReused(String what, String version, String headers)
            throws Exception {
        InputStream in = stream(version + " 407 Proxy Authentication Required\r\n" + unescape(headers) + "\r\nhello");
        HttpHead head = HttpHead.read(in);

        assertThat(ReplyBody.discard(in, head)).isFalse();
        assertThat(in.available()).as("nothing read past the head").isEqualTo(5);
    }

    @Test
    void http10WithKeepAliveIsReused() throws Exception {
        InputStream in = stream("HTTP/1.0 407 Proxy Authentication Required\r\nProxy-Connection: keep-alive\r\n"
                + "Content-Length: 2\r\n\r\nok" + NEXT);
        assertThat(ReplyBody.discard(in, HttpHead.read(in))).isTrue();
        assertThat(HttpHead.read(in).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a size that is not hex     | Content-Length: x\\r\\n          | ''                 | false",
            "a chunk size that is not hex | Transfer-Encoding: chunked\\r\\n | zz\\r\\nhello\\r\\n0\\r\\n\\r\\n | true",
            "a chunk longer than its size | Transfer-Encoding: chunked\\r\\n | 2\\r\\nhello\\r\\n0\\r\\n\\r\\n | true",
            "a body cut short           | Content-Length: 50\\r\\n         | hello              | true",
            "chunks cut short           | Transfer-Encoding: chunked\\r\\n | 5\\r\\nhel            | true"})
    void brokenFramingIsAMalformedReplyOrNotReused(String what, String framing, String body, boolean malformed)
            throws Exception {
        InputStream in = stream("HTTP/1.1 407 Proxy Authentication Required\r\n" + unescape(framing) + "\r\n"
                + unescape(body));
        HttpHead head = HttpHead.read(in);
        if (malformed) {
            assertThatThrownBy(() -> ReplyBody.discard(in, head)).isInstanceOf(HttpHead.MalformedHeadException.class);
        } else {
            assertThat(ReplyBody.discard(in, head)).isFalse();
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(HttpHead.ascii(text));
    }

    private static String unescape(String text) throws IOException {
        return text.strip().replace("\\r", "\r").replace("\\n", "\n");
    }
}
