package org.wsconnector.impl.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The streams the CONNECT exchange runs on in the blocking phase: the socket's for a plain-HTTP proxy, the TLS
 * session's for an HTTPS proxy.
 */
interface ProxyHop {
    InputStream input() throws IOException;

    OutputStream output() throws IOException;

    static ProxyHop plain(Socket socket) {
        return new ProxyHop() {
            @Override
            public InputStream input() throws IOException {
                return socket.getInputStream();
            }

            @Override
            public OutputStream output() throws IOException {
                return socket.getOutputStream();
            }
        };
    }

    static ProxyHop of(HandshakeStream session) {
        return new ProxyHop() {
            @Override
            public InputStream input() {
                return session.input();
            }

            @Override
            public OutputStream output() {
                return session.output();
            }
        };
    }
}
