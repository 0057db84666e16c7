package org.wsconnector.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The request line and headers of an HTTP/1.x request, as a proxy reads them.
 *
 * <p>Reads byte by byte so it never consumes anything after the blank line: bytes a client sends right
 * after its CONNECT head (an eager TLS ClientHello) must stay in the stream for the tunnel.
 *
 * @param requestLine the first line, without line end
 * @param method      e.g. {@code CONNECT}
 * @param target      the request target, for CONNECT {@code host:port}
 * @param headers     header values by name, case-insensitive
 */
record HttpRequestHead(String requestLine, String method, String target, Map<String, List<String>> headers) {

    /** The head is malformed or too large. */
    static final class BadRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        BadRequestException(String message) {
            super(message);
        }
    }

    /**
     * @return the head, or empty when the stream ends before a complete head arrived
     * @throws BadRequestException if the head is malformed or longer than {@code maxBytes}
     */
    static Optional<HttpRequestHead> read(InputStream in, int maxBytes) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                return Optional.empty();
            }
            if (++total > maxBytes) {
                throw new BadRequestException("request head longer than " + maxBytes + " bytes");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                if (line.length() == 0) {
                    if (lines.isEmpty()) {
                        continue; // tolerate blank lines before the request line (RFC 9112 2.2)
                    }
                    return Optional.of(parse(lines));
                }
                lines.add(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    /** @return the first value of the header, if present */
    Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static HttpRequestHead parse(List<String> lines) throws BadRequestException {
        String requestLine = lines.get(0);
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
            throw new BadRequestException("malformed request line: " + requestLine);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new BadRequestException("malformed header line: " + header);
            }
            headers.computeIfAbsent(header.substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        return new HttpRequestHead(requestLine, parts[0], parts[1], Collections.unmodifiableMap(headers));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
