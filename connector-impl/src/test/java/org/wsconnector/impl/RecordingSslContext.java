package org.wsconnector.impl;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps the {@link SSLContext} the connector built from configuration and remembers every client {@link SSLEngine}
 * made from it, so a test can read what was really negotiated ({@code getSession().getProtocol()}) on the engine the
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

    /**
     * Wraps every client's context, for {@link ConnectorUnderTest#withProperties(Map, java.util.function.UnaryOperator)};
     * each wrapper also goes into {@code recorded} under its client's name.
     */
    static Map<String, SSLContext> wrapEach(Map<String, SSLContext> contexts, Map<String, RecordingSslContext> recorded) {
        Map<String, SSLContext> wrapped = new HashMap<>();
        contexts.forEach((name, context) -> {
            RecordingSslContext recording = wrap(context);
            recorded.put(name, recording);
            wrapped.put(name, recording);
        });
        return wrapped;
    }

    /** The engines the connector created, one per TLS connection, in order. */
    List<SSLEngine> engines() {
        return List.copyOf(recorder.engines);
    }

    private static final class Recorder extends SSLContextSpi {
        private final SSLContext original;
        private final List<SSLEngine> engines = new CopyOnWriteArrayList<>();

        Recorder(SSLContext original) {
            this.original = original;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("already initialised");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return original.getSocketFactory();
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
            SSLEngine engine = original.createSSLEngine(host, port);
            engines.add(engine);
            return engine;
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
