package org.wsconnector.impl.transport;

import org.wsconnector.impl.engine.PeerText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status line and headers of an HTTP/1.x response (a proxy's CONNECT reply, a server's upgrade reply), read
 * byte by byte so that not one byte past the head is consumed: what follows belongs to TLS or to WebSocket frames.
 */
public record HttpHead(String statusLine, int status, Map<String, List<String>> headers) {
    /** Far above any real reply; a peer that sends more is broken or hostile. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    /** The reply is not an HTTP response head: garbage, truncated, or too large. */
    public static class MalformedHeadException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedHeadException(String message) {
            super(message);
        }
    }

    /** The peer closed the connection before sending a single byte of the reply. */
    public static final class NoReplyException extends MalformedHeadException {
        private static final long serialVersionUID = 1L;

        NoReplyException() {
            super("connection closed without a reply");
        }
    }

    public static HttpHead read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (total == 0) {
                    throw new NoReplyException();
                }
                throw new MalformedHeadException(
                        "connection closed in the middle of the reply head (truncated after " + total + " bytes)");
            }
            if (++total > MAX_HEAD_BYTES) {
                throw new MalformedHeadException("reply head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (total == 1 && b != 'H') { // checked before line ends too: a bare LF first ended an empty head
                throw new MalformedHeadException("not an HTTP reply (first byte 0x" + Integer.toHexString(b) + ")");
            }
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                String text = line.substring(0, end);
                line.setLength(0);
                if (text.isEmpty()) {
                    break;
                }
                if (lines.isEmpty() && !STATUS_LINE.matcher(text).matches()) {
                    throw new MalformedHeadException("not an HTTP status line: '" + PeerText.quote(text) + "'");
                }
                lines.add(text);
            } else {
                line.append((char) b);
            }
        }
        Matcher status = STATUS_LINE.matcher(lines.get(0));
        if (!status.matches()) {
            throw new MalformedHeadException("not an HTTP status line");
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new MalformedHeadException("malformed header line: '" + PeerText.quote(header) + "'");
            }
            headers.computeIfAbsent(header.substring(0, colon).trim(), name -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        return new HttpHead(lines.get(0), Integer.parseInt(status.group(1)), headers);
    }

    public String reasonPhrase() {
        int second = statusLine.indexOf(' ', statusLine.indexOf(' ') + 1);
        return second < 0 ? "" : statusLine.substring(second + 1);
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
