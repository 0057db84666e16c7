package org.wsconnector.impl.config;

import org.wsconnector.config.Secret;
import org.wsconnector.config.StoreFile;
import org.wsconnector.config.TlsConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.wsconnector.ConfigProblemCode.CONFLICTING_KEYS;
import static org.wsconnector.ConfigProblemCode.IGNORED_KEYS;
import static org.wsconnector.ConfigProblemCode.INVALID_LIST;
import static org.wsconnector.ConfigProblemCode.MISSING_COMPANION_KEY;
import static org.wsconnector.ConfigProblemCode.UNKNOWN_VALUE;
import static org.wsconnector.impl.config.ClientKeys.TLS_CA_FILE;
import static org.wsconnector.impl.config.ClientKeys.TLS_CERT_FILE;
import static org.wsconnector.impl.config.ClientKeys.TLS_KEY_FILE;
import static org.wsconnector.impl.config.ClientKeys.TLS_KEY_STORE;
import static org.wsconnector.impl.config.ClientKeys.TLS_KEY_STORE_PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.TLS_KEY_STORE_TYPE;
import static org.wsconnector.impl.config.ClientKeys.TLS_PROTOCOLS;
import static org.wsconnector.impl.config.ClientKeys.TLS_TRUST_STORE;
import static org.wsconnector.impl.config.ClientKeys.TLS_TRUST_STORE_PASSWORD;
import static org.wsconnector.impl.config.ClientKeys.TLS_TRUST_STORE_TYPE;
import static org.wsconnector.impl.config.ClientKeys.TLS_VERIFY_SERVER_CERT;
import static org.wsconnector.impl.config.ClientKeys.TLS_VERIFY_SERVER_HOSTNAME;
import static org.wsconnector.impl.config.ClientKeys.URI;

/**
 * Trust anchors, client certificate and versions of a wss client: {@code tls.*}. Files are only checked for
 * existence here; opening them is {@code TlsContextFactory}'s job at boot.
 */
final class TlsSection {
    private static final Set<String> KNOWN_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    private static final Map<String, String> STORE_TYPES = Map.of("pkcs12", "PKCS12", "jks", "JKS");

    private TlsSection() {
    }

    /**
     * The client's TLS settings, for a wss:// URI — and for a URI too broken to tell when tls.* keys are set, so that
     * their files are checked all the same. A part with a problem (a store without its password, a missing file) is
     * left out, and the problem reported: what remains can still be opened at boot to find the problems of the
     * material itself, even when the client has others.
     */
    static Optional<TlsConfig> read(ClientValues values, Optional<URI> uri) {
        boolean anyTlsKey = values.keys().stream().anyMatch(key -> key.startsWith("tls."));
        boolean secure = uri.map(u -> "wss".equalsIgnoreCase(u.getScheme())).orElse(false);
        if (!secure && (uri.isPresent() || !anyTlsKey)) {
            if (anyTlsKey) {
                values.problem(IGNORED_KEYS, URI, "tls.* keys are set but the URI is ws://, so they would be "
                        + "ignored; allowed: a wss:// URI, or no tls.* keys");
            }
            return Optional.empty();
        }
        Trust trust = trust(values, TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_TRUST_STORE_TYPE, TLS_CA_FILE);
        Optional<StoreFile> keyStore = store(values, TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD, TLS_KEY_STORE_TYPE);
        Optional<Path> certFile = values.existingFile(TLS_CERT_FILE);
        Optional<Path> keyFile = values.existingFile(TLS_KEY_FILE);
        if (values.has(TLS_CERT_FILE) != values.has(TLS_KEY_FILE)) {
            String missing = values.has(TLS_CERT_FILE) ? TLS_KEY_FILE : TLS_CERT_FILE;
            values.problem(MISSING_COMPANION_KEY, missing,
                    "missing: tls.cert-file and tls.key-file go together; allowed: set both or neither");
        }
        if (values.has(TLS_KEY_STORE) && values.has(TLS_CERT_FILE)) {
            values.problem(CONFLICTING_KEYS, TLS_CERT_FILE,
                    "both tls.key-store and tls.cert-file are set; allowed: one of them");
        }
        boolean verifyCert = values.bool(TLS_VERIFY_SERVER_CERT, Defaults.TLS_VERIFY_SERVER_CERT);
        boolean verifyHostname = values.bool(TLS_VERIFY_SERVER_HOSTNAME, Defaults.TLS_VERIFY_SERVER_HOSTNAME);
        return Optional.of(new TlsConfig(trust.store(), trust.caFile(), keyStore, certFile, keyFile, verifyCert,
                verifyHostname, protocols(values)));
    }

    /** Trust anchors: a store or a PEM file of CA certificates, not both; neither means the JVM's default trust. */
    record Trust(Optional<StoreFile> store, Optional<Path> caFile) {
    }

    /** The trust anchors named by these keys (tls.* for the server, proxy.tls.* for an HTTPS proxy). */
    static Trust trust(ClientValues values, String storeKey, String passwordKey, String typeKey, String caKey) {
        Optional<StoreFile> store = store(values, storeKey, passwordKey, typeKey);
        Optional<Path> caFile = values.existingFile(caKey);
        if (values.has(storeKey) && values.has(caKey)) {
            values.problem(CONFLICTING_KEYS, caKey, "both " + storeKey + " and " + caKey
                    + " are set; allowed: one of them");
        }
        return new Trust(store, caFile);
    }

    private static List<String> protocols(ClientValues values) {
        String text = values.raw(TLS_PROTOCOLS);
        if (text == null) {
            return Defaults.TLS_PROTOCOLS;
        }
        List<String> protocols = ClientValues.splitList(text);
        String allowed = "a comma list of TLSv1.3, TLSv1.2 (TLSv1.1 and TLSv1 are also recognised)";
        if (protocols.isEmpty()) {
            values.invalid(INVALID_LIST, TLS_PROTOCOLS, text, "empty", allowed);
        }
        for (String protocol : protocols) {
            if (!KNOWN_PROTOCOLS.contains(protocol)) {
                values.invalid(UNKNOWN_VALUE, TLS_PROTOCOLS, text,
                        "unknown protocol '" + SafeText.quote(protocol) + "'", allowed);
            }
        }
        return protocols;
    }

    /** A store with its password and a known type; empty when not set or any of the three has a problem. */
    private static Optional<StoreFile> store(ClientValues values, String pathKey, String passwordKey, String typeKey) {
        Optional<String> type = values.choice(typeKey, STORE_TYPES, Defaults.STORE_TYPE, "unsupported store type",
                "PKCS12 or JKS");
        Optional<Path> path = values.existingFile(pathKey);
        if (!values.has(pathKey)) {
            if (values.has(passwordKey)) {
                values.problem(MISSING_COMPANION_KEY, passwordKey, "set without "
                        + ClientKeys.fullKey(values.client(), pathKey) + "; allowed: both or neither");
            }
            return Optional.empty();
        }
        if (!values.has(passwordKey)) {
            values.problem(MISSING_COMPANION_KEY, passwordKey,
                    "missing: the store of " + ClientKeys.fullKey(values.client(), pathKey) + " needs its password");
            return Optional.empty();
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return path.map(p -> new StoreFile(p, Secret.of(values.raw(passwordKey)), type.get()));
    }
}
