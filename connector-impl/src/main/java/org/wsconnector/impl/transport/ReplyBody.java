package org.wsconnector.impl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * The body of a proxy's non-2xx reply to CONNECT (a 407's error page), read and thrown away so that the next CONNECT
 * of an authentication handshake can go on the same connection. Framed by Content-Length or chunked encoding; a body
 * without either runs until the proxy closes, and so does every reply whose proxy says {@code Connection: close}: then
 * the connection cannot be reused.
 */
final class ReplyBody {
    /** A 407 page is a few KiB; more is not worth reading to keep a connection. */
    static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_CHUNK_LINE = 1024;

    private ReplyBody() {
    }

    /**
     * Reads and discards the body of {@code head}.
     *
     * @return whether the connection can carry the next request; when false, nothing more was read
     * @throws HttpHead.MalformedHeadException when the chunked framing is broken or the proxy closes mid-body
     */
    static boolean discard(InputStream in, HttpHead head) throws IOException {
        if (!keepsAlive(head)) {
            return false;
        }
        if (head.headers().getOrDefault("Transfer-Encoding", List.of()).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return discardChunked(in);
        }
        List<String> lengths = head.headers().get("Content-Length");
        if (lengths == null || lengths.size() != 1) {
            return false; // no length (the body runs to the close) or an ambiguous one
        }
        long length;
        try {
            length = Long.parseLong(lengths.get(0).trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            return false;
        }
        skip(in, length);
        return true;
    }

    private static boolean keepsAlive(HttpHead head) {
        String connection = String.join(",", head.headers().getOrDefault("Connection", List.of())) + ","
                + String.join(",", head.headers().getOrDefault("Proxy-Connection", List.of()));
        String tokens = connection.toLowerCase(Locale.ROOT);
        if (tokens.contains("close")) {
            return false;
        }
        return head.statusLine().startsWith("HTTP/1.1") || tokens.contains("keep-alive");
    }

    private static boolean discardChunked(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            String sizeLine = line(in);
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 8 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw new HttpHead.MalformedHeadException("malformed chunk size in the reply body");
            }
            total += size;
            if (total > MAX_BODY_BYTES) {
                return false;
            }
            if (size == 0) {
                // trailers, up to the empty line; bounded by MAX_BODY_BYTES like the chunks
                for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                    total += trailer.length();
                    if (total > MAX_BODY_BYTES) {
                        return false;
                    }
                }
                return true;
            }
            skip(in, size);
            if (!line(in).isEmpty()) {
                throw new HttpHead.MalformedHeadException("a chunk of the reply body is longer than its size");
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new HttpHead.MalformedHeadException("connection closed in the middle of the reply body");
            }
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1
                                                                                       : line.length();
                return line.substring(0, end);
            }
            if (line.length() >= MAX_CHUNK_LINE) {
                throw new HttpHead.MalformedHeadException("a chunk line of the reply body is too long");
            }
            line.append((char) b);
        }
    }

    private static void skip(InputStream in, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new HttpHead.MalformedHeadException("connection closed in the middle of the reply body");
            }
            left -= read;
        }
    }
}
