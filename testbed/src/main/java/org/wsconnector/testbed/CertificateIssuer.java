package org.wsconnector.testbed;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds X.509 certificates with BouncyCastle's builder API, signing with the JDK's own providers.
 *
 * <p>Keys are EC P-256: generating six of them takes milliseconds, where RSA 2048 would take most of a
 * second. No JCA provider is registered globally, so nothing leaks into the JVM the tests run in.
 */
final class CertificateIssuer {

    /** Back-dated by a day so that clock skew between test steps never makes a certificate "not yet valid". */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(30);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final SecureRandom random = new SecureRandom();
    private final KeyPairGenerator keyPairGenerator;
    private final JcaX509ExtensionUtils extensionUtils;
    private final Instant now = Instant.now();

    CertificateIssuer() throws GeneralSecurityException {
        keyPairGenerator = KeyPairGenerator.getInstance("EC");
        keyPairGenerator.initialize(new ECGenParameterSpec("secp256r1"), random);
        extensionUtils = new JcaX509ExtensionUtils();
    }

    /** A freshly generated key with the certificate that binds it. */
    record KeyAndCertificate(KeyPair keyPair, X509Certificate certificate) {
    }

    /** What an end-entity certificate is for; decides its extended key usage. */
    enum Purpose {
        SERVER(KeyPurposeId.id_kp_serverAuth),
        CLIENT(KeyPurposeId.id_kp_clientAuth);

        private final KeyPurposeId keyPurpose;

        Purpose(KeyPurposeId keyPurpose) {
            this.keyPurpose = keyPurpose;
        }
    }

    KeyAndCertificate certificateAuthority(String commonName) throws GeneralSecurityException {
        KeyPair keyPair = keyPairGenerator.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        try {
            X509v3CertificateBuilder builder = builder(name, name, keyPair)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new KeyAndCertificate(keyPair, sign(builder, keyPair));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build CA certificate " + commonName, e);
        }
    }

    /**
     * Issues an end-entity certificate.
     *
     * @param issuer the signing CA, or {@code null} for a self-signed certificate
     */
    KeyAndCertificate endEntity(String commonName, Purpose purpose, List<GeneralName> subjectAltNames,
                                KeyAndCertificate issuer) throws GeneralSecurityException {
        KeyPair keyPair = keyPairGenerator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + commonName);
        X500Name issuerName = issuer == null ? subject
                : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        KeyPair signingKey = issuer == null ? keyPair : issuer.keyPair();
        try {
            X509v3CertificateBuilder builder = builder(issuerName, subject, keyPair)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose.keyPurpose))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensionUtils.createAuthorityKeyIdentifier(signingKey.getPublic()));
            if (!subjectAltNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
            }
            return new KeyAndCertificate(keyPair, sign(builder, signingKey));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build certificate " + commonName, e);
        }
    }

    static List<GeneralName> subjectAltNames(boolean localhostDns, boolean loopbackIp) {
        List<GeneralName> names = new ArrayList<>(2);
        if (localhostDns) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        if (loopbackIp) {
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        }
        return names;
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKey) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subject, subjectKey.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signingKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create signer " + SIGNATURE_ALGORITHM, e);
        }
    }
}
