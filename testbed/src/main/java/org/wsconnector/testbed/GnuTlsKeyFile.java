package org.wsconnector.testbed;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test certificate's private key as GnuTLS (Debian's squid) takes it. A class of its own so that {@link Squid}
 * loads without Bouncy Castle: the connector's run without it (WithoutBouncyCastleTest) starts plain squids.
 */
final class GnuTlsKeyFile {
    private GnuTlsKeyFile() {
    }

    /**
     * Writes the key as PKCS#8 PEM with the public key inside the EC structure: GnuTLS refuses an EC key without it
     * ("The request is invalid"), which the JDK and OpenSSL accept.
     */
    static void write(IssuedCertificate certificate, Path file) throws IOException {
        try (PemReader reader = new PemReader(Files.newBufferedReader(certificate.privateKeyPemFile()))) {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(reader.readPemObject().getContent());
            ECPrivateKey key = ECPrivateKey.getInstance(info.parsePrivateKey());
            DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(
                    certificate.certificate().getPublicKey().getEncoded()).getPublicKeyData().getBytes());
            ECPrivateKey withPublicKey = new ECPrivateKey(256, key.getKey(), publicKey, null);
            byte[] encoded = new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), withPublicKey).getEncoded();
            try (PemWriter writer = new PemWriter(Files.newBufferedWriter(file))) {
                writer.writeObject(new PemObject("PRIVATE KEY", encoded));
            }
        }
    }
}
