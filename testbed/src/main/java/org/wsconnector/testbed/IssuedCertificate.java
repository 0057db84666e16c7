package org.wsconnector.testbed;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * One generated end-entity certificate with its private key, written in both forms the connector
 * accepts: a PKCS12 key store and PEM files.
 *
 * @param alias             the key entry's alias inside {@link #keyStore()}
 * @param certificate       the certificate itself
 * @param keyStore          PKCS12 key store holding the key and the chain (certificate, then issuer when CA-signed),
 *                          protected by the password given to {@link TestCertificates#generate}
 * @param pemFile           the certificate alone, PEM ({@code BEGIN CERTIFICATE})
 * @param chainPemFile      the certificate followed by its issuer when CA-signed, PEM
 * @param privateKeyPemFile the private key, unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY})
 */
public record IssuedCertificate(
        String alias,
        X509Certificate certificate,
        Path keyStore,
        Path pemFile,
        Path chainPemFile,
        Path privateKeyPemFile) {
}
