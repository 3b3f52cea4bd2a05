package dev.fount.origin.crypto;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The key server's side of CPIX content key encryption, for {@link TestKeyServer}: one random
 * document key (AES-256) and MAC key (HMAC-SHA512) per answer, wrapped with RSA-OAEP-MGF1-SHA1 to the
 * recipient's certificate; each content key AES-256-CBC encrypted with a random IV in front, and
 * HMAC-SHA512 over that IV and ciphertext as its {@code pskc:ValueMAC}. Written from the CPIX spec
 * ("Key Management") independently of {@link DocumentKeys}, so the two check each other.
 */
final class TestCpixEncryption {

    static final String CPIX = "urn:dashif:org:cpix";
    static final String PSKC = "urn:ietf:params:xml:ns:keyprov:pskc";
    static final String XMLENC = "http://www.w3.org/2001/04/xmlenc#";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    /** Where the wrapped MAC key goes: the layouts key servers use. */
    enum MacKeyLayout {
        /** {@code MACMethod/Key/pskc:EncryptedValue/...}, RSA-OAEP: AWS's SPEKE example and reference server. */
        AWS,
        /** {@code MACMethod/Key/xenc:EncryptionMethod + xenc:CipherData}, RSA-OAEP: the DASH-IF CPIX test vectors. */
        DASH_IF,
        /** As AWS, but wrapped with the document key (aes256-cbc) instead of RSA-OAEP. */
        UNDER_DOCUMENT_KEY
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate recipient;
    private final MacKeyLayout layout;
    private final boolean wrongMacs;
    private final byte[] documentKey = random(32);
    private final byte[] macKey = random(64);

    TestCpixEncryption(X509Certificate recipient, MacKeyLayout layout, boolean wrongMacs) {
        this.recipient = recipient;
        this.layout = layout;
        this.wrongMacs = wrongMacs;
    }

    /** The DeliveryKey certificate of the request's first DeliveryData, or null. */
    static X509Certificate requestedRecipient(Document request) throws Exception {
        NodeList certificates = request.getElementsByTagNameNS(DSIG, "X509Certificate");
        if (certificates.getLength() == 0) {
            return null;
        }
        byte[] der = Base64.getMimeDecoder().decode(certificates.item(0).getTextContent().strip());
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /**
     * Adds the DocumentKey and MACMethod to the DeliveryData naming the recipient, which replaces the
     * request's DeliveryDataList when that names someone else or nobody.
     */
    void addDeliveryData(Document document) throws Exception {
        Element root = document.getDocumentElement();
        Element deliveryData = null;
        NodeList named = document.getElementsByTagNameNS(DSIG, "X509Certificate");
        for (int i = 0; i < named.getLength() && deliveryData == null; i++) {
            byte[] der = Base64.getMimeDecoder().decode(named.item(i).getTextContent().strip());
            if (Arrays.equals(der, recipient.getEncoded())) {
                deliveryData = (Element) named.item(i).getParentNode().getParentNode().getParentNode();
            }
        }
        if (deliveryData == null) {
            NodeList lists = document.getElementsByTagNameNS(CPIX, "DeliveryDataList");
            while (lists.getLength() > 0) {
                lists.item(0).getParentNode().removeChild(lists.item(0));
            }
            Element list = (Element) root.insertBefore(document.createElementNS(CPIX, "cpix:DeliveryDataList"), root.getFirstChild());
            deliveryData = append(list, CPIX, "cpix:DeliveryData");
            Element x509 = append(append(append(deliveryData, CPIX, "cpix:DeliveryKey"), DSIG, "ds:X509Data"), DSIG, "ds:X509Certificate");
            x509.setTextContent(base64(recipient.getEncoded()));
        }
        Element documentKeyElement = append(deliveryData, CPIX, "cpix:DocumentKey");
        documentKeyElement.setAttribute("Algorithm", XMLENC + "aes256-cbc");
        Element secret = append(append(documentKeyElement, CPIX, "cpix:Data"), PSKC, "pskc:Secret");
        encryptedValue(secret, XMLENC + "rsa-oaep-mgf1p", rsaOaep(documentKey));

        Element macMethod = append(deliveryData, CPIX, "cpix:MACMethod");
        macMethod.setAttribute("Algorithm", "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512");
        Element key = append(macMethod, CPIX, "cpix:Key");
        switch (layout) {
            case AWS -> encryptedValue(key, XMLENC + "rsa-oaep-mgf1p", rsaOaep(macKey));
            case DASH_IF -> cipher(key, XMLENC + "rsa-oaep-mgf1p", rsaOaep(macKey));
            case UNDER_DOCUMENT_KEY -> encryptedValue(key, XMLENC + "aes256-cbc", aesCbc(macKey));
        }
    }

    /** Fills an empty pskc:Secret with {@code contentKey} encrypted, and its MAC. */
    void fillSecret(Element secret, byte[] contentKey) throws Exception {
        byte[] cipherValue = aesCbc(contentKey);
        encryptedValue(secret, XMLENC + "aes256-cbc", cipherValue);
        Mac hmac = Mac.getInstance("HmacSHA512");
        hmac.init(new SecretKeySpec(macKey, "HmacSHA512"));
        byte[] mac = hmac.doFinal(cipherValue);
        if (wrongMacs) {
            mac[mac.length - 1] ^= 1;
        }
        append(secret, PSKC, "pskc:ValueMAC").setTextContent(base64(mac));
    }

    private static void encryptedValue(Element parent, String algorithm, byte[] cipherValue) {
        cipher(append(parent, PSKC, "pskc:EncryptedValue"), algorithm, cipherValue);
    }

    private static void cipher(Element parent, String algorithm, byte[] cipherValue) {
        append(parent, XMLENC, "enc:EncryptionMethod").setAttribute("Algorithm", algorithm);
        append(append(parent, XMLENC, "enc:CipherData"), XMLENC, "enc:CipherValue").setTextContent(base64(cipherValue));
    }

    private byte[] rsaOaep(byte[] clear) throws GeneralSecurityException {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.ENCRYPT_MODE, recipient.getPublicKey(),
                new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));
        return rsa.doFinal(clear);
    }

    /** IV followed by the AES-256-CBC ciphertext (PKCS#7 padding) under the document key. */
    private byte[] aesCbc(byte[] clear) throws GeneralSecurityException {
        byte[] iv = random(16);
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(documentKey, "AES"), new IvParameterSpec(iv));
        byte[] ciphertext = aes.doFinal(clear);
        byte[] out = Arrays.copyOf(iv, iv.length + ciphertext.length);
        System.arraycopy(ciphertext, 0, out, iv.length, ciphertext.length);
        return out;
    }

    private static Element append(Node parent, String namespace, String qualifiedName) {
        Document document = parent instanceof Document d ? d : parent.getOwnerDocument();
        return (Element) parent.appendChild(document.createElementNS(namespace, qualifiedName));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
