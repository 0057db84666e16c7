package org.wsconnector.impl.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and unencrypted PKCS#8 private keys with the JDK alone. */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "EdDSA", "RSASSA-PSS");

    private PemFiles() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (Block block : blocks(file)) {
            if (block.type().equals("CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no '-----BEGIN CERTIFICATE-----' block found");
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block block : blocks(file)) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der());
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException("the key is encrypted; convert it with "
                            + "'openssl pkcs8 -topk8 -nocrypt' or use tls.key-store");
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException("'" + block.type() + "' (PKCS#1/SEC1) is not supported; convert "
                            + "it with 'openssl pkcs8 -topk8 -nocrypt'");
                default:
                    break;
            }
        }
        throw new GeneralSecurityException("no '-----BEGIN PRIVATE KEY-----' block found");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | IllegalArgumentException notThisAlgorithm) {
                // The PKCS#8 wrapper names the algorithm only by OID; trying the usual ones is simpler.
            }
        }
        throw new GeneralSecurityException("unreadable PKCS#8 key (not RSA, EC or EdDSA)");
    }

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException badBase64) {
                throw new GeneralSecurityException("invalid base64 in the " + matcher.group(1) + " block");
            }
        }
        if (blocks.isEmpty()) {
            throw new GeneralSecurityException("not a PEM file");
        }
        return blocks;
    }

    private record Block(String type, byte[] der) {
    }
}
