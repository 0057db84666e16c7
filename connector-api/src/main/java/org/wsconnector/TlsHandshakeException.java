package org.wsconnector;

/** The TLS handshake with the WebSocket server failed: untrusted certificate (PKIX path), hostname mismatch, no common protocol. The cause carries the JDK's reason. */
public class TlsHandshakeException extends ConnectFailedException {
    private static final long serialVersionUID = 1L;

    public TlsHandshakeException(String client, String message, Throwable cause) {
        super(client, message, cause);
    }
}
