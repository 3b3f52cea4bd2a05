package dev.fount.origin.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PEM text (RFC 7468) as Kubernetes TLS Secrets hold it: certificates, and private keys in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, RFC 8017 A.1.2) or SEC1 ({@code EC PRIVATE KEY},
 * RFC 5915) form. The JDK reads only PKCS#8, so the traditional forms are wrapped into a PKCS#8
 * {@code PrivateKeyInfo} (RFC 5208 §5) first. Every fault is an {@link IllegalArgumentException} that
 * says which input is wrong and how.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    /** DER of INTEGER 0, the PrivateKeyInfo version. */
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int EC_PARAMETERS = 0xa0; // [0] in SEC1 ECPrivateKey

    private Pem() {
    }

    /** One {@code -----BEGIN label-----} block, decoded. */
    private record Block(String label, byte[] der, boolean encrypted) {
    }

    /**
     * The certificates of {@code pem}, in order (a tls.crt lists the leaf first, then intermediates).
     *
     * @param what the input in words for messages, e.g. "the certificate PEM (tls.crt)"
     */
    static List<X509Certificate> certificates(String pem, String what) {
        List<Block> blocks = blocks(pem, what);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " holds a CERTIFICATE block that is not an X.509 certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + " holds no CERTIFICATE block" + found(blocks)
                    + (blocks.stream().anyMatch(b -> b.label().endsWith("PRIVATE KEY")) ? "; are the certificate and the key swapped?" : ""));
        }
        return List.copyOf(certificates);
    }

    /**
     * The first private key of {@code pem}. The certificate it belongs to helps with SEC1 keys that
     * omit their curve.
     */
    static PrivateKey privateKey(String pem, X509Certificate certificate, String what) {
        List<Block> blocks = blocks(pem, what);
        for (Block block : blocks) {
            if (block.encrypted() || block.label().equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(what + " is encrypted with a passphrase; store it unencrypted "
                        + "(e.g. openssl pkey -in key.pem -out tls.key)");
            }
            switch (block.label()) {
                case "PRIVATE KEY":
                    return pkcs8(block.der(), what + " (PRIVATE KEY)");
                case "RSA PRIVATE KEY":
                    return pkcs8(der(SEQUENCE, VERSION_0, RSA_ALGORITHM, der(OCTET_STRING, block.der())), what + " (RSA PRIVATE KEY)");
                case "EC PRIVATE KEY":
                    byte[] algorithm = der(SEQUENCE, EC_PUBLIC_KEY_OID, curve(block.der(), certificate, what));
                    return pkcs8(der(SEQUENCE, VERSION_0, algorithm, der(OCTET_STRING, block.der())), what + " (EC PRIVATE KEY)");
                default:
                    // EC PARAMETERS precede the key in openssl ecparam output; certificates may share the file.
            }
        }
        throw new IllegalArgumentException(what + " holds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)" + found(blocks)
                + (blocks.stream().anyMatch(b -> b.label().equals("CERTIFICATE")) ? "; are the certificate and the key swapped?" : ""));
    }

    private static List<Block> blocks(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            String label = matcher.group(1);
            String body = matcher.group(2);
            // Lines with a colon are RFC 1421 headers (Proc-Type, DEK-Info) of legacy encrypted keys; base64 has none.
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            String base64 = body.lines().filter(line -> !line.contains(":")).collect(Collectors.joining());
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(base64.replaceAll("\\s", "")), encrypted));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": the " + label + " block is not valid base64 (" + e.getMessage() + ")", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException(what + " is not PEM: no '-----BEGIN …-----' / '-----END …-----' block");
        }
        return blocks;
    }

    private static String found(List<Block> blocks) {
        return " (found " + blocks.stream().map(Block::label).distinct().toList() + ")";
    }

    /** A PKCS#8 key, of whichever algorithm the JDK recognises in it. */
    private static PrivateKey pkcs8(byte[] der, String what) {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "EdDSA", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = last == null ? e : last;
            }
        }
        throw new IllegalArgumentException(what + " is not an RSA, EC or EdDSA private key the JDK can read: " + last.getMessage(), last);
    }

    /**
     * The named-curve OID of a SEC1 ECPrivateKey: its own {@code [0] parameters} (openssl writes them),
     * else the curve of the certificate's EC public key.
     */
    private static byte[] curve(byte[] sec1, X509Certificate certificate, String what) {
        for (byte[] element : children(sec1, what)) {
            if ((element[0] & 0xff) == EC_PARAMETERS) {
                return children(element, what).get(0);
            }
        }
        if (certificate != null && "EC".equals(certificate.getPublicKey().getAlgorithm())) {
            // SubjectPublicKeyInfo { AlgorithmIdentifier { id-ecPublicKey, namedCurve }, BIT STRING }
            List<byte[]> algorithm = children(children(certificate.getPublicKey().getEncoded(), what).get(0), what);
            return algorithm.get(1);
        }
        throw new IllegalArgumentException(what + " names no curve and the certificate has no EC key to take it from");
    }

    /** The encoded elements inside one DER constructed element (SEQUENCE or context tag). */
    private static List<byte[]> children(byte[] der, String what) {
        List<byte[]> children = new ArrayList<>();
        try {
            int[] outer = header(der, 0);
            int end = outer[0] + outer[1];
            for (int offset = outer[0]; offset < end;) {
                int[] inner = header(der, offset);
                int next = inner[0] + inner[1];
                byte[] child = new byte[next - offset];
                System.arraycopy(der, offset, child, 0, child.length);
                children.add(child);
                offset = next;
            }
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException(what + " is not valid DER (truncated)", e);
        }
        return children;
    }

    /** Where the value of the DER element at {@code offset} starts, and its length (X.690 §8.1.3). */
    private static int[] header(byte[] der, int offset) {
        int first = der[offset + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {offset + 2, first};
        }
        int octets = first & 0x7f;
        if (octets == 0 || octets > 3) {
            throw new ArrayIndexOutOfBoundsException("unsupported DER length form");
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xff);
        }
        if (offset + 2 + octets + length > der.length) {
            throw new ArrayIndexOutOfBoundsException("DER element runs past the end");
        }
        return new int[] {offset + 2 + octets, length};
    }

    /** One DER element of {@code tag} holding the concatenated {@code parts}. */
    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        int length = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
