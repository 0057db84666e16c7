package org.wsconnector.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the few short HTTP responses the proxies give. */
final class HttpResponses {

    private HttpResponses() {
    }

    /** Writes a complete error response with a short text body, announcing that the connection closes. */
    static void error(OutputStream out, int status, String reason, String extraHeaders) throws IOException {
        byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + extraHeaders
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(HttpRequestHead.ascii(head));
        out.write(body);
        out.flush();
    }

    /** Writes the answer that opens a tunnel. */
    static void connectionEstablished(OutputStream out) throws IOException {
        out.write(HttpRequestHead.ascii("HTTP/1.1 200 Connection established\r\n\r\n"));
        out.flush();
    }
}
