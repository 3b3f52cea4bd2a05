package dev.fount.origin.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.UUID;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.fount.origin.crypto.Cpix.Fault;

/**
 * The keys of our {@code DeliveryData} in a CPIX answer with encrypted content keys, unwrapped, and
 * the decryption of each content key with them. In SPEKE's "Encryptor Consumer" workflow the key
 * server draws a document key and a MAC key per answer and wraps both to the certificate the request
 * named as {@code DeliveryKey}; each content key is then encrypted with the document key and
 * authenticated with the MAC key.
 *
 * <p>As DASH-IF CPIX 2.x specifies it (the same from 2.0, which SPEKE v1 cites, to 2.3, which SPEKE 2.0
 * cites), sections "DeliveryData Element" ({@code #schema-deliverydata}) and "Key Management"
 * ({@code #keys-enc}, {@code #keys-enc-mac}, {@code #keys-enc-algorithms}):
 * <ul>
 * <li>{@code DeliveryData/DocumentKey}: a 256-bit AES key, {@code Data/pskc:Secret/pskc:EncryptedValue}
 * wrapped with RSA-OAEP-MGF1-SHA1 ({@value #RSA_OAEP_MGF1P}) under the delivery certificate's public key;</li>
 * <li>{@code DeliveryData/MACMethod@Algorithm} {@value #HMAC_SHA512}; its {@code Key} wrapped likewise
 * ("encrypted with the Delivery Key"). AWS's SPEKE example and reference server put the key's
 * {@code xenc:EncryptionMethod}/{@code CipherData} in a {@code pskc:EncryptedValue}, the DASH-IF test
 * vectors directly in {@code Key}; both are read, and a MAC key wrapped with the document key
 * (aes256-cbc) is accepted too;</li>
 * <li>each {@code ContentKey/Data/pskc:Secret/pskc:EncryptedValue}: AES-256-CBC with PKCS#7 padding
 * ({@value #AES256_CBC}), the {@code CipherValue} being the IV followed by the ciphertext, and
 * {@code pskc:ValueMAC} the HMAC-SHA512 of that whole {@code CipherValue}, which "shall" be verified
 * before decrypting.</li>
 * </ul>
 * ValueMACs some servers add to the wrapped document and MAC keys are not checked: CPIX asks for
 * MACs on content keys only, and RSA-OAEP decryption already fails on a tampered wrapped key.
 */
final class DocumentKeys {

    static final String XMLENC_NS = "http://www.w3.org/2001/04/xmlenc#";
    static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    static final String AES256_CBC = XMLENC_NS + "aes256-cbc";
    static final String RSA_OAEP_MGF1P = XMLENC_NS + "rsa-oaep-mgf1p";
    static final String HMAC_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512";

    private static final String SHA1 = DSIG_NS + "sha1";
    private static final int DOCUMENT_KEY_LENGTH = 32;
    private static final int BLOCK = 16;

    private final SecretKeySpec documentKey;
    private final SecretKeySpec macKey;

    private DocumentKeys(byte[] documentKey, byte[] macKey) {
        this.documentKey = new SecretKeySpec(documentKey, "AES");
        this.macKey = new SecretKeySpec(macKey, "HmacSHA512");
        Arrays.fill(documentKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
    }

    /**
     * Unwraps the document and MAC keys of the {@code DeliveryData} that names {@code certificate}.
     *
     * @param root        the CPIX element of the answer
     * @param certificate our delivery certificate with its private key
     */
    static DocumentKeys unwrap(Element root, ClientCertificate certificate) throws Fault {
        if (!certificate.canReceiveCpixKeys()) {
            throw new Fault("the content keys are encrypted, but the certificateSecretRef certificate has an "
                    + certificate.certificate().getPublicKey().getAlgorithm() + " key; CPIX wraps keys with RSA-OAEP and needs an RSA certificate");
        }
        Element deliveryData = ours(root, certificate);
        Element documentKeyElement = Cpix.first(deliveryData, Cpix.CPIX_NS, "DocumentKey");
        String documentKeyAlgorithm = documentKeyElement.getAttribute("Algorithm").strip();
        if (!documentKeyAlgorithm.isEmpty() && !documentKeyAlgorithm.equals(AES256_CBC)) {
            throw new Fault("the DocumentKey is for " + documentKeyAlgorithm + "; CPIX content keys are encrypted with " + AES256_CBC);
        }
        byte[] documentKey = unwrap(documentKeyElement, certificate, null, "the DocumentKey");
        if (documentKey.length != DOCUMENT_KEY_LENGTH) {
            throw new Fault("the DocumentKey is " + documentKey.length + " bytes; AES-256 needs " + DOCUMENT_KEY_LENGTH);
        }
        Element macMethod = Cpix.first(deliveryData, Cpix.CPIX_NS, "MACMethod");
        if (macMethod == null) {
            throw new Fault("the answer's DeliveryData has no MACMethod; CPIX requires a MAC on every encrypted content key");
        }
        String macAlgorithm = macMethod.getAttribute("Algorithm").strip();
        if (!macAlgorithm.equals(HMAC_SHA512)) {
            throw new Fault("the MACMethod is '" + macAlgorithm + "'; CPIX uses " + HMAC_SHA512);
        }
        byte[] macKey = unwrap(macMethod, certificate, documentKey, "the MACMethod key");
        if (macKey.length == 0) {
            throw new Fault("the MACMethod key is empty");
        }
        return new DocumentKeys(documentKey, macKey);
    }

    /**
     * The clear key of one {@code pskc:EncryptedValue}, after its {@code pskc:ValueMAC} checks out.
     *
     * @param encryptedValue the ContentKey's {@code pskc:EncryptedValue}; its sibling holds the MAC
     */
    byte[] contentKey(Element encryptedValue, UUID kid) throws Fault {
        String what = "the key of kid " + kid;
        requireAlgorithm(encryptedValue, AES256_CBC, what);
        byte[] data = cipherValue(encryptedValue, what);
        Element valueMac = Cpix.first((Element) encryptedValue.getParentNode(), Cpix.PSKC_NS, "ValueMAC");
        if (valueMac == null) {
            throw new Fault(what + " carries no pskc:ValueMAC; CPIX requires a MAC on every encrypted content key");
        }
        byte[] mac = Cpix.base64(valueMac.getTextContent(), "the pskc:ValueMAC of kid " + kid);
        byte[] expected;
        try {
            Mac hmac = Mac.getInstance("HmacSHA512");
            hmac.init(macKey);
            expected = hmac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC-SHA512", e);
        }
        if (!MessageDigest.isEqual(expected, mac)) {
            throw new Fault(what + " fails its MAC check (pskc:ValueMAC, HMAC-SHA512): the answer was altered or its MAC key does not match; "
                    + "the key is not used");
        }
        return aesCbc(documentKey, data, what);
    }

    /**
     * The DeliveryData whose DeliveryKey certificate is ours. A lone DeliveryData that names no
     * certificate is taken as ours too.
     */
    private static Element ours(Element root, ClientCertificate certificate) throws Fault {
        byte[] mine;
        try {
            mine = certificate.certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode our own certificate", e);
        }
        NodeList all = root.getElementsByTagNameNS(Cpix.CPIX_NS, "DeliveryData");
        Element unnamed = null;
        int withKeys = 0;
        for (int i = 0; i < all.getLength(); i++) {
            Element deliveryData = (Element) all.item(i);
            if (Cpix.first(deliveryData, Cpix.CPIX_NS, "DocumentKey") == null) {
                continue;
            }
            withKeys++;
            Element named = Cpix.first(deliveryData, DSIG_NS, "X509Certificate");
            if (named == null) {
                unnamed = deliveryData;
            } else if (Arrays.equals(mine, Cpix.base64(named.getTextContent(), "a DeliveryKey X509Certificate"))) {
                return deliveryData;
            }
        }
        if (withKeys == 1 && unnamed != null) {
            return unnamed;
        }
        if (withKeys == 0) {
            throw new Fault("the content keys are encrypted, but the answer has no DeliveryData with a DocumentKey to decrypt them");
        }
        throw new Fault("the content keys are encrypted for another recipient: no DeliveryData with a DocumentKey names our certificate ("
                + certificate.subject() + ")");
    }

    /**
     * The clear bytes of a wrapped key: RSA-OAEP with our private key, or, where the EncryptionMethod
     * says aes256-cbc and a document key is known, AES-256-CBC with it.
     */
    private static byte[] unwrap(Element container, ClientCertificate certificate, byte[] documentKey, String what) throws Fault {
        Element method = Cpix.first(container, XMLENC_NS, "EncryptionMethod");
        String algorithm = method == null ? "" : method.getAttribute("Algorithm").strip();
        byte[] data = cipherValue(container, what);
        if (documentKey != null && algorithm.equals(AES256_CBC)) {
            return aesCbc(new SecretKeySpec(documentKey, "AES"), data, what);
        }
        requireAlgorithm(container, RSA_OAEP_MGF1P, what);
        Element digest = method == null ? null : Cpix.first(method, DSIG_NS, "DigestMethod");
        if (digest != null && !digest.getAttribute("Algorithm").strip().equals(SHA1)) {
            throw new Fault(what + " is wrapped with RSA-OAEP over " + digest.getAttribute("Algorithm") + "; CPIX uses SHA-1 (" + SHA1 + ")");
        }
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, certificate.privateKey(),
                    new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
            return rsa.doFinal(data);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new Fault(what + " does not decrypt with the private key of our certificate (" + certificate.subject()
                    + "): was it wrapped for another one?", e);
        } catch (GeneralSecurityException e) {
            throw new Fault(what + " cannot be unwrapped with RSA-OAEP: " + e.getMessage(), e);
        }
    }

    /** AES-256-CBC of {@code ivAndCiphertext}, whose first block is the IV; PKCS#7 padding. */
    private static byte[] aesCbc(SecretKeySpec key, byte[] ivAndCiphertext, String what) throws Fault {
        if (ivAndCiphertext.length < 2 * BLOCK || ivAndCiphertext.length % BLOCK != 0) {
            throw new Fault(what + " is " + ivAndCiphertext.length + " bytes; AES-256-CBC with the IV first needs whole blocks, at least two");
        }
        try {
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS#5 padding is PKCS#7 for 16-byte blocks
            aes.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(ivAndCiphertext, 0, BLOCK));
            return aes.doFinal(ivAndCiphertext, BLOCK, ivAndCiphertext.length - BLOCK);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new Fault(what + " does not decrypt with the document key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot decrypt AES-256-CBC", e);
        }
    }

    /** The EncryptionMethod under {@code container} must be {@code expected} when it names one. */
    private static void requireAlgorithm(Element container, String expected, String what) throws Fault {
        Element method = Cpix.first(container, XMLENC_NS, "EncryptionMethod");
        String algorithm = method == null ? "" : method.getAttribute("Algorithm").strip();
        if (!algorithm.isEmpty() && !algorithm.equals(expected)) {
            throw new Fault(what + " is encrypted with " + algorithm + "; CPIX uses " + expected);
        }
    }

    private static byte[] cipherValue(Element container, String what) throws Fault {
        Element cipherValue = Cpix.first(container, XMLENC_NS, "CipherValue");
        if (cipherValue == null) {
            throw new Fault(what + " has no xenc:CipherData/xenc:CipherValue");
        }
        return Cpix.base64(cipherValue.getTextContent(), what);
    }
}
