package org.wsconnector.impl;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the {@link SSLContext} the connector built from configuration and remembers every client socket made
 * from it, so a test can read what was really negotiated ({@code getSession().getProtocol()}) on the socket the
 * connector used. Everything else is the original context.
 */
final class RecordingSslContext extends SSLContext {
    private final Recorder recorder;

    private RecordingSslContext(Recorder recorder, SSLContext original) {
        super(recorder, original.getProvider(), original.getProtocol());
        this.recorder = recorder;
    }

    static RecordingSslContext wrap(SSLContext original) {
        return new RecordingSslContext(new Recorder(original), original);
    }

    List<SSLSocket> sockets() {
        return List.copyOf(recorder.sockets);
    }

    private static final class Recorder extends SSLContextSpi {
        private final SSLContext original;
        private final List<SSLSocket> sockets = new CopyOnWriteArrayList<>();

        Recorder(SSLContext original) {
            this.original = original;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            SSLSocketFactory factory = original.getSocketFactory();
            return new SSLSocketFactory() {
                @Override
                public String[] getDefaultCipherSuites() {
                    return factory.getDefaultCipherSuites();
                }

                @Override
                public String[] getSupportedCipherSuites() {
                    return factory.getSupportedCipherSuites();
                }

                @Override
                public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                    return record(factory.createSocket(s, host, port, autoClose));
                }

                @Override
                public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
                    return record(factory.createSocket(s, consumed, autoClose));
                }

                @Override
                public Socket createSocket(String host, int port) throws IOException {
                    return record(factory.createSocket(host, port));
                }

                @Override
                public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
                        throws IOException {
                    return record(factory.createSocket(host, port, localHost, localPort));
                }

                @Override
                public Socket createSocket(InetAddress host, int port) throws IOException {
                    return record(factory.createSocket(host, port));
                }

                @Override
                public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                        throws IOException {
                    return record(factory.createSocket(address, port, localAddress, localPort));
                }
            };
        }

        private Socket record(Socket socket) {
            sockets.add((SSLSocket) socket);
            return socket;
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return original.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return original.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return original.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return original.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return original.getClientSessionContext();
        }
    }
}
