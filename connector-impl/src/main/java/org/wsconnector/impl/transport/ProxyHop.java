package org.wsconnector.impl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The streams the CONNECT exchange runs on in the blocking phase: the socket's for a plain-HTTP proxy, the TLS
 * session's for an HTTPS proxy.
 */
record ProxyHop(InputStream input, OutputStream output) {

    static ProxyHop plain(Socket socket) throws IOException {
        return new ProxyHop(socket.getInputStream(), socket.getOutputStream());
    }

    static ProxyHop of(HandshakeStream session) {
        return new ProxyHop(session.input(), session.output());
    }
}
