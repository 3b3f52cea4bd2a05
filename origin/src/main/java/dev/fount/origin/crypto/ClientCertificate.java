package dev.fount.origin.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The certificate of {@code spekeKeyProvider.certificateSecretRef}, a {@code kubernetes.io/tls} Secret
 * ({@code tls.crt}, {@code tls.key}); Fount's counterpart of MediaPackage's {@code certificateArn}. It
 * serves twice:
 * <ul>
 * <li>as the TLS client certificate Fount presents to an https key server, with {@link #intermediates()};</li>
 * <li>when its key is RSA, as the CPIX delivery key: the key server encrypts the content keys to it
 * (CPIX "Key Management", {@code DeliveryData}; AWS SPEKE "Content key encryption") and Fount decrypts
 * them with {@link #privateKey()}.</li>
 * </ul>
 * {@link #toString()} leaves the private key out so it never lands in a log.
 *
 * @param certificate   the leaf certificate: the first of tls.crt
 * @param privateKey    its private key: tls.key
 * @param intermediates the certificates after the leaf in tls.crt, sent along in the TLS handshake
 */
public record ClientCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> intermediates) {

    /**
     * @throws IllegalArgumentException when the private key does not belong to the certificate
     */
    public ClientCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        intermediates = List.copyOf(Objects.requireNonNull(intermediates, "intermediates"));
        requireMatch(certificate, privateKey);
    }

    /** A certificate without intermediates. */
    public ClientCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this(certificate, privateKey, List.of());
    }

    /**
     * Reads the PEM data of a TLS Secret. The certificate PEM holds the leaf first, then any
     * intermediates; the key PEM holds an unencrypted {@code PRIVATE KEY} (PKCS#8), {@code RSA PRIVATE KEY}
     * (PKCS#1) or {@code EC PRIVATE KEY} (SEC1).
     *
     * @param certificatePem the Secret's tls.crt
     * @param privateKeyPem  the Secret's tls.key
     * @throws IllegalArgumentException naming tls.crt or tls.key when either is not such PEM, or when
     *                                  the key does not belong to the certificate
     */
    public static ClientCertificate fromPem(String certificatePem, String privateKeyPem) {
        List<X509Certificate> chain = Pem.certificates(certificatePem, "the certificate PEM (tls.crt)");
        PrivateKey key = Pem.privateKey(privateKeyPem, chain.get(0), "the private key PEM (tls.key)");
        return new ClientCertificate(chain.get(0), key, chain.subList(1, chain.size()));
    }

    /** The leaf then the intermediates, as TLS presents them. */
    public List<X509Certificate> chain() {
        return Stream.concat(Stream.of(certificate), intermediates.stream()).toList();
    }

    /**
     * Whether the key server can encrypt CPIX content keys to this certificate: CPIX wraps the document
     * key with RSA-OAEP, so it must be an RSA certificate (SPEKE asks for 2048 bits or more).
     */
    public boolean canReceiveCpixKeys() {
        return "RSA".equals(certificate.getPublicKey().getAlgorithm());
    }

    /** The certificate's subject, for messages. */
    String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return "ClientCertificate[subject=" + subject() + ", serial=" + certificate.getSerialNumber().toString(16) + ", key="
                + privateKey.getAlgorithm() + " (hidden), intermediates=" + intermediates.size() + "]";
    }

    /** Signs a probe with the key and verifies it with the certificate: a pair that cannot is no pair. */
    private static void requireMatch(X509Certificate certificate, PrivateKey privateKey) {
        String certificateAlgorithm = certificate.getPublicKey().getAlgorithm();
        if (!certificateAlgorithm.equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("the private key (tls.key) is " + privateKey.getAlgorithm() + " but the certificate (tls.crt, "
                    + certificate.getSubjectX500Principal().getName() + ") has an " + certificateAlgorithm + " key");
        }
        String algorithm = switch (certificateAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> certificateAlgorithm; // EdDSA signs without a separate digest
        };
        byte[] probe = "fount: does this key belong to this certificate?".getBytes(StandardCharsets.UTF_8);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot check that the private key (tls.key) belongs to the certificate (tls.crt): " + e.getMessage(),
                    e);
        }
        if (!matches) {
            throw new IllegalArgumentException("the private key (tls.key) does not belong to the certificate (tls.crt, "
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }
}
