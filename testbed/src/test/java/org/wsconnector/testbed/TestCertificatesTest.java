package org.wsconnector.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path directory;

    static TestCertificates certificates;

    @BeforeAll
    static void generate() {
        certificates = TestCertificates.generate(directory, PASSWORD);
    }

    /** The first generation in a JVM also pays for loading BouncyCastle and the PKCS12 code, about 0.5 s. */
    @Test
    void generatingEverythingAgainTakesLessThanOneSecond(@TempDir Path another) {
        Instant start = Instant.now();
        TestCertificates.generate(another, PASSWORD);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void serverCertificatesAreSignedByTheCaAndCarryTheirSubjectAltNames() throws Exception {
        X509Certificate ca = certificates.ca().certificate();
        assertThat(sans(certificates.server(SanVariant.BOTH).certificate())).containsExactlyInAnyOrder("localhost", "127.0.0.1");
        assertThat(sans(certificates.server(SanVariant.DNS_ONLY).certificate())).containsExactly("localhost");
        assertThat(sans(certificates.server(SanVariant.IP_ONLY).certificate())).containsExactly("127.0.0.1");
        for (SanVariant variant : SanVariant.values()) {
            certificates.server(variant).certificate().verify(ca.getPublicKey());
        }
        certificates.client().certificate().verify(ca.getPublicKey());
    }

    @Test
    void theSelfSignedServerCertificateIsNotSignedByTheCa() throws Exception {
        X509Certificate selfSigned = certificates.selfSignedServer().certificate();
        selfSigned.verify(selfSigned.getPublicKey());
        assertThat(selfSigned.getIssuerX500Principal()).isNotEqualTo(certificates.ca().certificate().getSubjectX500Principal());
        assertThat(sans(selfSigned)).containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @Test
    void validityRunsFromYesterdayToAboutAMonthAhead() {
        X509Certificate certificate = certificates.server(SanVariant.BOTH).certificate();
        Instant now = Instant.now();
        assertThat(certificate.getNotBefore().toInstant()).isBetween(now.minus(Duration.ofDays(1).plusMinutes(1)), now.minus(Duration.ofHours(23)));
        assertThat(certificate.getNotAfter().toInstant()).isBetween(now.plus(Duration.ofDays(29)), now.plus(Duration.ofDays(31)));
    }

    @Test
    void pemFilesUseTheStandardHeaders() throws Exception {
        assertThat(Files.readString(certificates.ca().pemFile())).startsWith("-----BEGIN CERTIFICATE-----");
        IssuedCertificate server = certificates.server(SanVariant.BOTH);
        assertThat(Files.readString(server.pemFile())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(server.privateKeyPemFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(server.chainPemFile()).split("BEGIN CERTIFICATE")).hasSize(3);
    }

    @Test
    void storesOpenWithTheGivenPassword() throws Exception {
        KeyStore keyStore = load(certificates.server(SanVariant.BOTH).keyStore());
        String alias = certificates.server(SanVariant.BOTH).alias();
        assertThat(keyStore.isKeyEntry(alias)).isTrue();
        assertThat(keyStore.getCertificateChain(alias)).hasSize(2);
        KeyStore trustStore = load(certificates.caTrustStore());
        assertThat(trustStore.isCertificateEntry("ca")).isTrue();
    }

    private static KeyStore load(Path path) throws Exception {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            return store;
        }
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names == null ? List.of() : names.stream().map(name -> (String) name.get(1)).toList();
    }
}
