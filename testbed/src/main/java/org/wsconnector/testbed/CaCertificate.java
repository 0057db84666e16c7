package org.wsconnector.testbed;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The test certificate authority, in both forms a client can be told to trust.
 *
 * @param certificate the CA certificate
 * @param pemFile     the CA certificate, PEM ({@code BEGIN CERTIFICATE})
 * @param trustStore  PKCS12 trust store holding only the CA certificate, protected by the password given to
 *                    {@link TestCertificates#generate}
 */
public record CaCertificate(X509Certificate certificate, Path pemFile, Path trustStore) {
}
