package dev.fount.origin.crypto;

import static dev.fount.origin.crypto.TestKeyServer.CLEARKEY;
import static dev.fount.origin.crypto.TestKeyServer.HLS_AES_128;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import dev.fount.origin.crypto.TestCpixEncryption.MacKeyLayout;

/** CPIX content key encryption to the certificateSecretRef certificate, over real HTTP. */
class CpixEncryptedKeysTest {

    private static final String CPIX = "urn:dashif:org:cpix";
    private static final String PSKC = "urn:ietf:params:xml:ns:keyprov:pskc";
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private final ClientCertificate origin = TestPki.rsa("fount origin").identity();
    private TestKeyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestKeyServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SpekeClient client(ClientCertificate certificate) {
        return new SpekeClient(server.url(), Map.of(), certificate);
    }

    private static KeyRequest v1(String resourceId, UUID... systemIds) {
        return new KeyRequest(resourceId, List.of(systemIds), 7, List.of(), false);
    }

    @Test
    void requestNamesTheCertificateAsDeliveryKey() throws Exception {
        client(origin).keys(v1("channel-1", HLS_AES_128));

        Document sent = parse(server.lastRequest());
        Element root = sent.getDocumentElement();
        Element deliveryDataList = (Element) root.getElementsByTagNameNS(CPIX, "DeliveryDataList").item(0);
        assertNotNull(deliveryDataList, server.lastRequest());
        assertEquals(deliveryDataList, firstElementChild(root), "DeliveryDataList comes first in CPIX schema order");
        Element deliveryKey = (Element) deliveryDataList.getElementsByTagNameNS(CPIX, "DeliveryKey").item(0);
        Element x509 = (Element) deliveryKey.getElementsByTagNameNS(DSIG, "X509Data").item(0);
        String base64 = x509.getElementsByTagNameNS(DSIG, "X509Certificate").item(0).getTextContent();
        assertArrayEquals(origin.certificate().getEncoded(), Base64.getDecoder().decode(base64));
    }

    @Test
    void requestWithoutCertificateAsksForClearKeys() {
        String request = Cpix.request(v1("channel-1", HLS_AES_128), List.of(UUID.randomUUID()), null);

        assertFalse(request.contains("DeliveryData") || request.contains("xmldsig"), request);
    }

    @Test
    void encryptedKeysDecryptToTheClearKey() throws Exception {
        server.answerEncryptedKeys();
        ContentKey key = client(origin).keys(v1("channel-1", HLS_AES_128, CLEARKEY)).get(0);

        assertArrayEquals(server.keyFor(key.keyId()), key.key());
        assertArrayEquals(server.ivFor(key.keyId()), key.explicitIv());
        assertEquals(server.keyUri(key.keyId()).toString(), key.signal(HLS_AES_128).hlsKeyUri(), "signals as with clear keys");
        Document answer = parse(server.lastAnswer());
        assertEquals(0, answer.getElementsByTagNameNS(PSKC, "PlainValue").getLength(), "the key travelled encrypted");
        assertEquals(1, answer.getElementsByTagNameNS(PSKC, "ValueMAC").getLength());
        assertEquals(1, answer.getElementsByTagNameNS(CPIX, "DocumentKey").getLength());
    }

    @Test
    void speke2KeysOfEveryTrackDecrypt() throws Exception {
        server.answerEncryptedKeys();
        KeyRequest request = new KeyRequest("channel-2", List.of(CLEARKEY), 3, List.of("VIDEO", "AUDIO"), true, "cbcs");
        List<ContentKey> keys = client(origin).keys(request);

        assertEquals(2, keys.size());
        for (ContentKey key : keys) {
            assertArrayEquals(server.keyFor(key.keyId()), key.key());
        }
        Element contentKeyList = (Element) parse(server.lastAnswer()).getElementsByTagNameNS(CPIX, "ContentKeyList").item(0);
        assertEquals(2, contentKeyList.getElementsByTagNameNS(PSKC, "EncryptedValue").getLength(), "both keys travelled encrypted");
    }

    @ParameterizedTest
    @EnumSource(MacKeyLayout.class)
    void everyMacKeyLayoutKeyServersUseIsRead(MacKeyLayout layout) throws Exception {
        server.answerEncryptedKeys(null, layout);
        ContentKey key = client(origin).keys(v1("channel-1", HLS_AES_128)).get(0);

        assertArrayEquals(server.keyFor(key.keyId()), key.key());
    }

    @Test
    void wrongMacIsRefusedNamingTheKid() {
        server.answerWrongMacs();
        KeyRequest request = v1("channel-1", HLS_AES_128);
        KeyException e = assertThrows(KeyException.class, () -> client(origin).keys(request));

        UUID kid = Cpix.kids(request).get(0);
        assertFalse(e.retryable());
        assertEquals(1, server.requests(), "a bad answer is not retried");
        assertTrue(e.getMessage().contains("the key of kid " + kid + " fails its MAC check (pskc:ValueMAC, HMAC-SHA512)"), e.getMessage());
    }

    @Test
    void encryptedAnswerWithoutCertificateSaysWhichSecretIsMissing() {
        server.answerEncryptedKeys(TestPki.rsa("another packager").certificate(), MacKeyLayout.AWS);
        KeyException e = assertThrows(KeyException.class, () -> client(null).keys(v1("channel-1", HLS_AES_128)));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("no certificate is configured to decrypt it: set spekeKeyProvider.certificateSecretRef"),
                e.getMessage());
    }

    @Test
    void keysEncryptedForAnotherCertificateAreRefused() {
        server.answerEncryptedKeys(TestPki.rsa("another packager").certificate(), MacKeyLayout.AWS);
        KeyException e = assertThrows(KeyException.class, () -> client(origin).keys(v1("channel-1", HLS_AES_128)));

        assertTrue(e.getMessage().contains("the content keys are encrypted for another recipient: no DeliveryData with a DocumentKey "
                + "names our certificate (CN=fount origin)"), e.getMessage());
    }

    @Test
    void clearAnswerToAnEncryptedRequestIsAccepted() throws Exception {
        ContentKey key = client(origin).keys(v1("channel-1", HLS_AES_128)).get(0);

        assertTrue(server.lastRequest().contains("DeliveryKey"), "asked for encryption");
        assertTrue(server.lastAnswer().contains("PlainValue"), "got clear keys");
        assertArrayEquals(server.keyFor(key.keyId()), key.key());
    }

    @Test
    void ecCertificateCannotReceiveCpixKeysSoTheRequestAsksForClearKeys() throws Exception {
        ClientCertificate ec = TestPki.ec("fount origin ec").identity();
        assertFalse(ec.canReceiveCpixKeys());

        ContentKey key = client(ec).keys(v1("channel-1", HLS_AES_128)).get(0);
        assertFalse(server.lastRequest().contains("DeliveryData"), server.lastRequest());
        assertArrayEquals(server.keyFor(key.keyId()), key.key());

        server.answerEncryptedKeys(TestPki.rsa("another packager").certificate(), MacKeyLayout.AWS);
        KeyException e = assertThrows(KeyException.class, () -> client(ec).keys(v1("channel-9", HLS_AES_128)));
        assertTrue(e.getMessage().contains("has an EC key; CPIX wraps keys with RSA-OAEP and needs an RSA certificate"), e.getMessage());
    }

    @Test
    void encryptedKeyWithoutMacIsRefused() throws Exception {
        server.answerEncryptedKeys();
        client(origin).keys(v1("channel-1", HLS_AES_128));
        String withoutMac = server.lastAnswer().replaceAll("<pskc:ValueMAC>[^<]*</pskc:ValueMAC>", "");
        server.answerBody(withoutMac);

        KeyException e = assertThrows(KeyException.class, () -> client(origin).keys(v1("channel-1", HLS_AES_128)));
        assertTrue(e.getMessage().contains("carries no pskc:ValueMAC"), e.getMessage());
    }

    /**
     * An answer laid out as AWS's SPEKE documentation shows it, its cryptography done by openssl
     * rather than the JDK: RSA-OAEP (SHA-1, MGF1-SHA1), AES-256-CBC and HMAC-SHA512 of another
     * implementation decrypt to the same key.
     */
    @Test
    void answerEncryptedByOpensslDecrypts() throws Exception {
        TestPki.Pair pair = TestPki.rsa("fount origin");
        Path dir = Files.createTempDirectory("fount-cpix-");
        SecureRandom random = new SecureRandom();
        byte[] documentKey = new byte[32];
        byte[] macKey = new byte[64];
        byte[] contentKey = new byte[16];
        byte[] iv = new byte[16];
        for (byte[] bytes : List.of(documentKey, macKey, contentKey, iv)) {
            random.nextBytes(bytes);
        }
        Files.writeString(dir.resolve("cert.pem"), pair.certificatePem());
        Files.write(dir.resolve("document.key"), documentKey);
        Files.write(dir.resolve("mac.key"), macKey);
        Files.write(dir.resolve("content.key"), contentKey);
        String oaep = "-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1";
        TestPki.openssl(dir, ("pkeyutl -encrypt -certin -inkey cert.pem -in document.key -out document.enc " + oaep).split(" "));
        TestPki.openssl(dir, ("pkeyutl -encrypt -certin -inkey cert.pem -in mac.key -out mac.enc " + oaep).split(" "));
        HexFormat hex = HexFormat.of();
        TestPki.openssl(dir, "enc", "-aes-256-cbc", "-K", hex.formatHex(documentKey), "-iv", hex.formatHex(iv), "-in", "content.key", "-out",
                "content.enc");
        byte[] cipherValue = concat(iv, Files.readAllBytes(dir.resolve("content.enc")));
        Files.write(dir.resolve("cipher.value"), cipherValue);
        TestPki.openssl(dir, "dgst", "-sha512", "-mac", "HMAC", "-macopt", "hexkey:" + hex.formatHex(macKey), "-binary", "-out", "value.mac",
                "cipher.value");

        KeyRequest request = v1("channel-1", CLEARKEY);
        UUID kid = Cpix.kids(request).get(0);
        Base64.Encoder b64 = Base64.getEncoder();
        String answer = """
                <cpix:CPIX xmlns:cpix="urn:dashif:org:cpix" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"
                    xmlns:pskc="urn:ietf:params:xml:ns:keyprov:pskc" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" id="channel-1">
                  <cpix:DeliveryDataList>
                    <cpix:DeliveryData>
                      <cpix:DeliveryKey><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></cpix:DeliveryKey>
                      <cpix:DocumentKey Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc">
                        <cpix:Data><pskc:Secret><pskc:EncryptedValue>
                          <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
                          <enc:CipherData><enc:CipherValue>%s</enc:CipherValue></enc:CipherData>
                        </pskc:EncryptedValue></pskc:Secret></cpix:Data>
                      </cpix:DocumentKey>
                      <cpix:MACMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#hmac-sha512">
                        <cpix:Key><pskc:EncryptedValue>
                          <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"/>
                          <enc:CipherData><enc:CipherValue>%s</enc:CipherValue></enc:CipherData>
                        </pskc:EncryptedValue></cpix:Key>
                      </cpix:MACMethod>
                    </cpix:DeliveryData>
                  </cpix:DeliveryDataList>
                  <cpix:ContentKeyList>
                    <cpix:ContentKey kid="%s"><cpix:Data><pskc:Secret>
                      <pskc:EncryptedValue>
                        <enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes256-cbc"/>
                        <enc:CipherData><enc:CipherValue>%s</enc:CipherValue></enc:CipherData>
                      </pskc:EncryptedValue>
                      <pskc:ValueMAC>%s</pskc:ValueMAC>
                    </pskc:Secret></cpix:Data></cpix:ContentKey>
                  </cpix:ContentKeyList>
                  <cpix:DRMSystemList>
                    <cpix:DRMSystem kid="%s" systemId="%s"/>
                  </cpix:DRMSystemList>
                </cpix:CPIX>
                """.formatted(b64.encodeToString(pair.certificate().getEncoded()), b64.encodeToString(Files.readAllBytes(dir.resolve("document.enc"))),
                b64.encodeToString(Files.readAllBytes(dir.resolve("mac.enc"))), kid, b64.encodeToString(cipherValue),
                b64.encodeToString(Files.readAllBytes(dir.resolve("value.mac"))), kid, CLEARKEY);

        List<ContentKey> keys = Cpix.keys(answer.getBytes(StandardCharsets.UTF_8), request, List.of(kid), pair.identity());
        assertArrayEquals(contentKey, keys.get(0).key());
        try (var files = Files.list(dir)) {
            files.forEach(file -> file.toFile().delete());
        }
        Files.delete(dir);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static Element firstElementChild(Element parent) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element) {
                return element;
            }
        }
        return null;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
