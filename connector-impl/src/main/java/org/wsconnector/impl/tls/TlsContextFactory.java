package org.wsconnector.impl.tls;

import org.wsconnector.config.StoreFile;
import org.wsconnector.config.TlsConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static org.wsconnector.ConfigProblemCode.KEY_CERTIFICATE_MISMATCH;
import static org.wsconnector.ConfigProblemCode.NO_PRIVATE_KEY;
import static org.wsconnector.ConfigProblemCode.TLS_SETUP_FAILED;
import static org.wsconnector.ConfigProblemCode.UNREADABLE_PEM;
import static org.wsconnector.ConfigProblemCode.UNREADABLE_STORE;
import static org.wsconnector.ConfigProblemCode.WRONG_KEY_PASSWORD;
import static org.wsconnector.ConfigProblemCode.WRONG_STORE_PASSWORD;

/**
 * Builds the {@link SSLContext} of a client from its {@link TlsConfig}, once, at boot. Every file is read here, so a
 * missing file, a wrong password or an unreadable key fails deployment instead of falling back silently to the
 * JVM's trust (as Tyrus's own {@code SslContextConfigurator} does).
 */
public final class TlsContextFactory {
    private static final String STORE_ALLOWED = "an existing PKCS12 or JKS store and its password";
    private static final String PEM_ALLOWED = "a PEM file with '-----BEGIN CERTIFICATE-----' blocks";
    private static final String KEY_ALLOWED = "a PEM file with an unencrypted PKCS#8 '-----BEGIN PRIVATE KEY-----'";

    private TlsContextFactory() {
    }

    /**
     * Builds the context of {@code tls}, or reports every unusable file and store of it to {@code problems} — the
     * trust material and the client certificate are both tried even when one fails — and returns empty.
     */
    public static Optional<SSLContext> create(TlsConfig tls, Consumer<TlsSetupException> problems) {
        Attempts attempts = new Attempts(problems);
        TrustManager[] trustManagers = tls.verifyServerCert() ? attempts.of(() -> trustManagers(tls))
                : new TrustManager[]{new TrustEverything()};
        KeyManager[] keyManagers = keyManagers(tls, attempts);
        if (attempts.failed) {
            return Optional.empty();
        }
        return Optional.ofNullable(attempts.of(() -> {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keyManagers, trustManagers, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new TlsSetupException(TLS_SETUP_FAILED, "tls.protocols", String.join(",", tls.protocols()),
                        "cannot create a TLS context: " + e.getMessage(), "TLSv1.3, TLSv1.2", e);
            }
        }));
    }

    private static TrustManager[] trustManagers(TlsConfig tls) throws TlsSetupException {
        KeyStore anchors = null;
        if (tls.trustStore().isPresent()) {
            anchors = load(tls.trustStore().get(), "tls.trust-store");
        } else if (tls.caFile().isPresent()) {
            anchors = caStore(tls.caFile().get());
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors); // null = the JVM's default trust anchors, on purpose when nothing is configured
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            String key = tls.trustStore().isPresent() ? "tls.trust-store" : "tls.ca-file";
            throw new TlsSetupException(TLS_SETUP_FAILED, key, "", "unusable trust anchors: " + e.getMessage(),
                    STORE_ALLOWED, e);
        }
    }

    private static KeyStore caStore(Path caFile) throws TlsSetupException {
        try {
            List<X509Certificate> certificates = PemFiles.certificates(caFile);
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(UNREADABLE_PEM, "tls.ca-file", caFile.toString(),
                    "cannot read CA certificates: " + e.getMessage(), PEM_ALLOWED, e);
        }
    }

    /** Null when no client certificate is configured, or when reading it failed (then reported to attempts). */
    private static KeyManager[] keyManagers(TlsConfig tls, Attempts attempts) {
        KeyStore identity;
        char[] password;
        String key;
        if (tls.keyStore().isPresent()) {
            StoreFile store = tls.keyStore().get();
            identity = attempts.of(() -> load(store, "tls.key-store"));
            password = store.password().toCharArray();
            key = "tls.key-store";
        } else if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
            List<X509Certificate> chain = attempts.of(() -> pemChain(tls.certFile().get()));
            PrivateKey privateKey = attempts.of(() -> pemKey(tls.keyFile().get()));
            identity = chain == null || privateKey == null ? null
                    : attempts.of(() -> pemIdentity(chain, privateKey, tls.keyFile().get()));
            password = new char[0];
            key = "tls.key-file";
        } else {
            return null;
        }
        return identity == null ? null : attempts.of(() -> keyManagers(tls, identity, password, key));
    }

    private static KeyManager[] keyManagers(TlsConfig tls, KeyStore identity, char[] password, String key)
            throws TlsSetupException {
        try {
            if (!hasPrivateKey(identity)) {
                throw new TlsSetupException(NO_PRIVATE_KEY, key,
                        tls.keyStore().map(s -> s.path().toString()).orElse(""), "the store holds no private key entry",
                        "a store with the client certificate and its key", null);
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(identity, password);
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new TlsSetupException(WRONG_KEY_PASSWORD, "tls.key-store-password", "",
                    "the key cannot be recovered with this password", "the password of the key entry (same as the "
                    + "store's)", e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(TLS_SETUP_FAILED, key, "", "unusable client key: " + e.getMessage(),
                    STORE_ALLOWED, e);
        }
    }

    private static boolean hasPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static List<X509Certificate> pemChain(Path certFile) throws TlsSetupException {
        try {
            return PemFiles.certificates(certFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(UNREADABLE_PEM, "tls.cert-file", certFile.toString(),
                    "cannot read the client certificate: " + e.getMessage(), PEM_ALLOWED, e);
        }
    }

    private static PrivateKey pemKey(Path keyFile) throws TlsSetupException {
        try {
            return PemFiles.privateKey(keyFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(UNREADABLE_PEM, "tls.key-file", keyFile.toString(),
                    "cannot read the private key: " + e.getMessage(), KEY_ALLOWED, e);
        }
    }

    private static KeyStore pemIdentity(List<X509Certificate> chain, PrivateKey key, Path keyFile)
            throws TlsSetupException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsSetupException(KEY_CERTIFICATE_MISMATCH, "tls.key-file", keyFile.toString(),
                    "the key does not match the certificate: " + e.getMessage(), KEY_ALLOWED, e);
        }
    }

    private static KeyStore load(StoreFile file, String key) throws TlsSetupException {
        try (InputStream in = Files.newInputStream(file.path())) {
            KeyStore store = KeyStore.getInstance(file.type());
            store.load(in, file.password().toCharArray());
            return store;
        } catch (IOException e) {
            // KeyStore.load reports a wrong password as an IOException caused by UnrecoverableKeyException.
            boolean badPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            if (badPassword) {
                throw new TlsSetupException(WRONG_STORE_PASSWORD, key + "-password", "",
                        "the password does not open " + file.path(), STORE_ALLOWED, e);
            }
            throw new TlsSetupException(UNREADABLE_STORE, key, file.path().toString(),
                    "cannot read the store: " + e.getMessage(), STORE_ALLOWED, e);
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(UNREADABLE_STORE, key, file.path().toString(),
                    "cannot read the store: " + e.getMessage(), STORE_ALLOWED, e);
        }
    }

    /** One step of reading TLS material. */
    private interface Step<T> {
        T run() throws TlsSetupException;
    }

    /** Runs steps, reporting each failure and going on, so that one boot names every unusable file and store. */
    private static final class Attempts {
        private final Consumer<TlsSetupException> problems;
        private boolean failed;

        Attempts(Consumer<TlsSetupException> problems) {
            this.problems = problems;
        }

        /** The step's result, or null when it failed (reported). */
        <T> T of(Step<T> step) {
            try {
                return step.run();
            } catch (TlsSetupException e) {
                failed = true;
                problems.accept(e);
                return null;
            }
        }
    }

    /**
     * Used only when {@code tls.verify-server-cert=false}: accepts any certificate and, being an
     * {@link X509ExtendedTrustManager}, also disables the JDK's hostname check. Boot logs a WARNING for it.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
