package org.wsconnector.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.wsconnector.testbed.CertificateIssuer.KeyAndCertificate;
import org.wsconnector.testbed.CertificateIssuer.Purpose;

/**
 * A complete, freshly generated set of test certificates written into one directory.
 *
 * <p>Generated at test time rather than checked in, so nothing ever expires in the repository and no
 * private key is ever committed. Contents:
 * <ul>
 *   <li>a CA ({@link #ca()}), as PEM and as a PKCS12 trust store ({@link #caTrustStore()});</li>
 *   <li>three CA-signed server certificates, one per {@link SanVariant} ({@link #server(SanVariant)});</li>
 *   <li>an unrelated self-signed server certificate with both SANs, which the CA does not vouch for
 *       ({@link #selfSignedServer()});</li>
 *   <li>a CA-signed client certificate for mutual TLS ({@link #client()}).</li>
 * </ul>
 * All keys are EC P-256, valid from one day ago to 30 days ahead. All stores are PKCS12 with the one
 * password given to {@link #generate}; PEM private keys are unencrypted PKCS#8.
 *
 * <p>Immutable and thread-safe once generated. Nothing to close: the files belong to the directory,
 * typically a JUnit {@code @TempDir}.
 */
public final class TestCertificates {

    /** Key store type of every store written. */
    public static final String STORE_TYPE = "PKCS12";

    private final char[] password;
    private final CaCertificate ca;
    private final Map<SanVariant, IssuedCertificate> servers;
    private final IssuedCertificate selfSignedServer;
    private final IssuedCertificate client;

    private TestCertificates(char[] password, CaCertificate ca, Map<SanVariant, IssuedCertificate> servers,
                             IssuedCertificate selfSignedServer, IssuedCertificate client) {
        this.password = password;
        this.ca = ca;
        this.servers = servers;
        this.selfSignedServer = selfSignedServer;
        this.client = client;
    }

    /**
     * Generates every certificate and writes its files into {@code directory} (created if missing).
     * Takes well under a second.
     *
     * @param directory where to write; existing files of the same names are overwritten
     * @param password  password of every PKCS12 store (copied)
     * @throws UncheckedIOException if a file cannot be written
     * @throws IllegalStateException if the JDK lacks EC or PKCS12 support (it never should)
     */
    public static TestCertificates generate(Path directory, char[] password) {
        Objects.requireNonNull(directory, "directory");
        char[] storePassword = Objects.requireNonNull(password, "password").clone();
        try {
            Files.createDirectories(directory);
            CertificateIssuer issuer = new CertificateIssuer();
            KeyAndCertificate caKey = issuer.certificateAuthority("ws-connector test CA");
            CaCertificate ca = writeCa(directory, caKey, storePassword);

            Map<SanVariant, IssuedCertificate> servers = new EnumMap<>(SanVariant.class);
            for (SanVariant variant : SanVariant.values()) {
                String name = "server-" + variant.name().toLowerCase().replace('_', '-');
                KeyAndCertificate server = issuer.endEntity(name, Purpose.SERVER,
                        CertificateIssuer.subjectAltNames(variant.hasDnsName(), variant.hasIpAddress()), caKey);
                servers.put(variant, writeEndEntity(directory, name, server, caKey, storePassword));
            }
            KeyAndCertificate selfSigned = issuer.endEntity("server-self-signed", Purpose.SERVER,
                    CertificateIssuer.subjectAltNames(true, true), null);
            IssuedCertificate selfSignedServer =
                    writeEndEntity(directory, "server-self-signed", selfSigned, null, storePassword);
            KeyAndCertificate clientKey = issuer.endEntity("client", Purpose.CLIENT, List.of(), caKey);
            IssuedCertificate client = writeEndEntity(directory, "client", clientKey, caKey, storePassword);
            return new TestCertificates(storePassword, ca, Map.copyOf(servers), selfSignedServer, client);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test certificates into " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    /** @return the CA: certificate, PEM file and PKCS12 trust store */
    public CaCertificate ca() {
        return ca;
    }

    /** @return the PKCS12 trust store holding only the CA certificate; same as {@code ca().trustStore()} */
    public Path caTrustStore() {
        return ca.trustStore();
    }

    /** @return the CA-signed server certificate with the given subject alternative names */
    public IssuedCertificate server(SanVariant variant) {
        return servers.get(Objects.requireNonNull(variant, "variant"));
    }

    /** @return a server certificate with both SANs that is self-signed, so a client trusting the CA rejects it */
    public IssuedCertificate selfSignedServer() {
        return selfSignedServer;
    }

    /** @return a CA-signed client certificate (extended key usage clientAuth) for mutual TLS */
    public IssuedCertificate client() {
        return client;
    }

    /** @return a copy of the password of every store */
    public char[] password() {
        return password.clone();
    }

    private static CaCertificate writeCa(Path directory, KeyAndCertificate caKey, char[] password)
            throws IOException, GeneralSecurityException {
        Path pem = directory.resolve("ca.pem");
        writePem(pem, List.of(new PemObject("CERTIFICATE", caKey.certificate().getEncoded())));
        KeyStore trustStore = emptyStore();
        trustStore.setCertificateEntry("ca", caKey.certificate());
        Path trustStorePath = directory.resolve("ca-truststore.p12");
        writeStore(trustStore, trustStorePath, password);
        return new CaCertificate(caKey.certificate(), pem, trustStorePath);
    }

    private static IssuedCertificate writeEndEntity(Path directory, String name, KeyAndCertificate entity,
                                                    KeyAndCertificate issuer, char[] password)
            throws IOException, GeneralSecurityException {
        X509Certificate certificate = entity.certificate();
        Certificate[] chain = issuer == null
                ? new Certificate[] {certificate}
                : new Certificate[] {certificate, issuer.certificate()};

        Path pem = directory.resolve(name + ".pem");
        writePem(pem, List.of(new PemObject("CERTIFICATE", certificate.getEncoded())));
        Path chainPem = directory.resolve(name + "-chain.pem");
        List<PemObject> chainObjects = Arrays.stream(chain).map(TestCertificates::pemCertificate).toList();
        writePem(chainPem, chainObjects);
        Path keyPem = directory.resolve(name + "-key.pem");
        PrivateKey privateKey = entity.keyPair().getPrivate();
        // The JDK encodes private keys as PKCS#8, which is exactly what "BEGIN PRIVATE KEY" holds.
        writePem(keyPem, List.of(new PemObject("PRIVATE KEY", privateKey.getEncoded())));

        KeyStore keyStore = emptyStore();
        keyStore.setKeyEntry(name, privateKey, password, chain);
        Path keyStorePath = directory.resolve(name + ".p12");
        writeStore(keyStore, keyStorePath, password);
        return new IssuedCertificate(name, certificate, keyStorePath, pem, chainPem, keyPem);
    }

    private static PemObject pemCertificate(Certificate certificate) {
        try {
            return new PemObject("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static void writeStore(KeyStore store, Path path, char[] password)
            throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password);
        }
    }

    private static void writePem(Path path, List<PemObject> objects) throws IOException {
        try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.US_ASCII);
             PemWriter pemWriter = new PemWriter(writer)) {
            for (PemObject object : objects) {
                pemWriter.writeObject(object);
            }
        }
    }
}
