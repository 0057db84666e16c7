package org.wsconnector.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds {@link SSLContext}s from the PKCS12 stores that {@link TestCertificates} writes.
 *
 * <p>Deliberately loads the files rather than in-memory keys, so a test exercises the same stores a
 * connector configuration would point at. Unlike some library helpers, it never falls back to the
 * JVM's default trust: a wrong path or password fails loudly.
 */
public final class SslContexts {

    private SslContexts() {
    }

    /**
     * A client context that trusts only the certificates in {@code trustStore} and presents no certificate.
     */
    public static SSLContext trusting(Path trustStore, char[] password) {
        return create(null, trustManagers(trustStore, password));
    }

    /** A client context for mutual TLS: presents the key in {@code keyStore}, trusts {@code trustStore}. */
    public static SSLContext withKeyAndTrust(Path keyStore, Path trustStore, char[] password) {
        return create(keyManagers(keyStore, password), trustManagers(trustStore, password));
    }

    /** A client context trusting the test CA; the usual one for tests against a CA-signed server. */
    public static SSLContext trustingCa(TestCertificates certificates) {
        return trusting(certificates.caTrustStore(), certificates.password());
    }

    /** A client context trusting the test CA and presenting the test client certificate. */
    public static SSLContext mutual(TestCertificates certificates) {
        return withKeyAndTrust(certificates.client().keyStore(), certificates.caTrustStore(),
                certificates.password());
    }

    static KeyManager[] keyManagers(Path keyStore, char[] password) {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(keyStore, password), password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use key store " + keyStore, e);
        }
    }

    static TrustManager[] trustManagers(Path trustStore, char[] password) {
        try {
            TrustManagerFactory factory =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(load(trustStore, password));
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use trust store " + trustStore, e);
        }
    }

    static SSLContext create(KeyManager[] keyManagers, TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create TLS context", e);
        }
    }

    private static KeyStore load(Path path, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(TestCertificates.STORE_TYPE);
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read store " + path, e);
        }
    }
}
