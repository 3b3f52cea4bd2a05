package dev.fount.origin.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The CPIX documents of SPEKE: the request a packager sends and the key server's answer.
 * SPEKE v1 is CPIX 2.0 with AWS's {@code speke:} extension elements; SPEKE 2.0 is CPIX 2.3 with an
 * encryption contract (one {@code ContentKeyUsageRule} per intended track type). Content keys come
 * in the clear ({@code pskc:PlainValue}) or, when the request names a delivery certificate, encrypted
 * to it ({@code pskc:EncryptedValue}, see {@link DocumentKeys}).
 */
final class Cpix {

    static final String CPIX_NS = "urn:dashif:org:cpix";
    static final String PSKC_NS = "urn:ietf:params:xml:ns:keyprov:pskc";
    static final String SPEKE_NS = "urn:aws:amazon:com:speke";

    /**
     * FairPlay signals through HLS only. SPEKE 2.0 key servers must fill every element asked for, so
     * FairPlay is asked for HLSSignalingData, the other systems for PSSH and ContentProtectionData, and for
     * HLSSignalingData too when the keys go into HLS playlists (CMAF).
     */
    private static final UUID FAIRPLAY = UUID.fromString("94ce86fb-07ff-4f43-adb8-93d2fa968ca2");

    private static final Pattern EXT_X_KEY_ATTRIBUTE = Pattern.compile("(?<![A-Z-])(URI|KEYFORMAT|KEYFORMATVERSIONS)=\"([^\"]*)\"");

    private Cpix() {
    }

    /** A CPIX document that did not give what was asked, in words. */
    static final class Fault extends Exception {

        private static final long serialVersionUID = 1L;

        Fault(String message) {
            super(message);
        }

        Fault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The key id every replica derives for the same content, period and track type: a name-based
     * UUID, so no replica has to tell another which kid it asked for.
     */
    static UUID kid(String resourceId, long keyPeriod, String trackType) {
        return UUID.nameUUIDFromBytes(("fount-kid/" + resourceId + "/" + keyPeriod + "/" + trackType).getBytes(StandardCharsets.UTF_8));
    }

    /** The key ids a request asks for, in answer order. */
    static List<UUID> kids(KeyRequest request) {
        if (!request.speke2()) {
            return List.of(kid(request.resourceId(), request.keyPeriod(), "ALL"));
        }
        return request.trackTypes().stream().map(type -> kid(request.resourceId(), request.keyPeriod(), type)).toList();
    }

    /**
     * The request document for {@code request}, asking for the given kids: encrypted to
     * {@code deliveryCertificate}, or in the clear when it is null.
     */
    static String request(KeyRequest request, List<UUID> kids, X509Certificate deliveryCertificate) {
        boolean v2 = request.speke2();
        String periodId = request.keyPeriod() == KeyRequest.NO_ROTATION ? null
                : "keyPeriod_" + UUID.nameUUIDFromBytes(("fount-period/" + request.resourceId() + "/" + request.keyPeriod())
                        .getBytes(StandardCharsets.UTF_8));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<cpix:CPIX ");
        xml.append(v2 ? "contentId=\"" + attribute(request.resourceId()) + "\" version=\"2.3\"" : "id=\"" + attribute(request.resourceId()) + "\"");
        xml.append(" xmlns:cpix=\"" + CPIX_NS + "\" xmlns:pskc=\"" + PSKC_NS + "\"");
        if (deliveryCertificate != null) {
            xml.append(" xmlns:ds=\"" + DocumentKeys.DSIG_NS + "\"");
        }
        xml.append(v2 ? ">\n" : " xmlns:speke=\"" + SPEKE_NS + "\">\n");

        if (deliveryCertificate != null) {
            xml.append(deliveryDataList(deliveryCertificate));
        }
        xml.append("  <cpix:ContentKeyList>\n");
        for (UUID kid : kids) {
            xml.append("    <cpix:ContentKey kid=\"").append(kid).append('"');
            if (v2) {
                xml.append(" commonEncryptionScheme=\"").append(request.commonEncryptionScheme()).append('"');
            }
            xml.append("/>\n");
        }
        xml.append("  </cpix:ContentKeyList>\n  <cpix:DRMSystemList>\n");
        for (UUID kid : kids) {
            for (UUID systemId : request.systemIds()) {
                xml.append("    <cpix:DRMSystem kid=\"").append(kid).append("\" systemId=\"").append(systemId).append("\">\n");
                if (!v2) {
                    // CPIX schema order, then AWS's extension elements; v1 key servers fill what they know.
                    xml.append("      <cpix:PSSH/>\n      <cpix:ContentProtectionData/>\n      <cpix:URIExtXKey/>\n")
                            .append("      <speke:KeyFormat/>\n      <speke:KeyFormatVersions/>\n      <speke:ProtectionHeader/>\n");
                } else if (systemId.equals(FAIRPLAY)) {
                    xml.append("      <cpix:HLSSignalingData playlist=\"media\"/>\n      <cpix:HLSSignalingData playlist=\"master\"/>\n");
                } else {
                    xml.append("      <cpix:PSSH/>\n      <cpix:ContentProtectionData/>\n");
                    if (request.hlsSignaling()) {
                        // A CMAF endpoint's HLS playlists name every system's key in an EXT-X-KEY.
                        xml.append("      <cpix:HLSSignalingData playlist=\"media\"/>\n      <cpix:HLSSignalingData playlist=\"master\"/>\n");
                    }
                }
                xml.append("    </cpix:DRMSystem>\n");
            }
        }
        xml.append("  </cpix:DRMSystemList>\n");

        if (periodId != null) {
            xml.append("  <cpix:ContentKeyPeriodList>\n    <cpix:ContentKeyPeriod id=\"").append(periodId)
                    .append("\" index=\"").append(request.keyPeriod()).append("\"/>\n  </cpix:ContentKeyPeriodList>\n");
        }
        if (periodId != null || v2) {
            xml.append("  <cpix:ContentKeyUsageRuleList>\n");
            for (int i = 0; i < kids.size(); i++) {
                xml.append("    <cpix:ContentKeyUsageRule kid=\"").append(kids.get(i)).append('"');
                if (v2) {
                    xml.append(" intendedTrackType=\"").append(attribute(request.trackTypes().get(i))).append('"');
                }
                xml.append(">\n");
                if (periodId != null) {
                    xml.append("      <cpix:KeyPeriodFilter periodId=\"").append(periodId).append("\"/>\n");
                }
                if (v2) {
                    xml.append(filters(request.trackTypes().get(i), request.trackTypes()));
                }
                xml.append("    </cpix:ContentKeyUsageRule>\n");
            }
            xml.append("  </cpix:ContentKeyUsageRuleList>\n");
        }
        return xml.append("</cpix:CPIX>\n").toString();
    }

    /**
     * Asks for the content keys encrypted to {@code certificate}: the DeliveryData of CPIX's "DeliveryData
     * Element" with only its DeliveryKey, a {@code ds:KeyInfoType} holding the X.509 certificate in base64
     * DER ({@code ds:X509Data/ds:X509Certificate} of XML Signature), as AWS SPEKE's "Content key
     * encryption" request example shows. The key server adds the
     * DocumentKey and MACMethod ({@link DocumentKeys}). DeliveryDataList comes first in CPIX schema order.
     */
    private static String deliveryDataList(X509Certificate certificate) {
        String der;
        try {
            der = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the delivery certificate cannot be encoded: " + e.getMessage(), e);
        }
        return "  <cpix:DeliveryDataList>\n    <cpix:DeliveryData>\n      <cpix:DeliveryKey>\n        <ds:X509Data>\n"
                + "          <ds:X509Certificate>" + der + "</ds:X509Certificate>\n"
                + "        </ds:X509Data>\n      </cpix:DeliveryKey>\n    </cpix:DeliveryData>\n  </cpix:DeliveryDataList>\n";
    }

    /**
     * The filters of one encryption-contract rule (CPIX 2.3 §5.3.3): the bounds of its key's tracks
     * among the keys asked for together ({@link Speke20Presets#filter}) — pixels for video,
     * channels for audio, both filters for ALL.
     */
    private static String filters(String trackType, List<String> requested) {
        Speke20Presets.Filter f = Speke20Presets.filter(trackType, requested);
        StringBuilder x = new StringBuilder();
        if (f.video()) {
            x.append("      <cpix:VideoFilter").append(bound("minPixels", f.minPixels())).append(bound("maxPixels", f.maxPixels())).append("/>\n");
        }
        if (f.audio()) {
            x.append("      <cpix:AudioFilter").append(bound("minChannels", f.minChannels())).append(bound("maxChannels", f.maxChannels()))
                    .append("/>\n");
        }
        return x.toString();
    }

    private static String bound(String name, Number value) {
        return value == null ? "" : " " + name + "=\"" + value + "\"";
    }

    /**
     * The keys of a response document, in the order of {@code kids}, each with a signal per
     * requested system. Keys in {@code pskc:PlainValue} are taken as they are; keys in
     * {@code pskc:EncryptedValue} are decrypted with {@code certificate}, which may be null when the
     * answer is expected in the clear.
     */
    static List<ContentKey> keys(byte[] body, KeyRequest request, List<UUID> kids, ClientCertificate certificate) throws Fault {
        Element root = parse(body).getDocumentElement();
        if (!CPIX_NS.equals(root.getNamespaceURI()) || !"CPIX".equals(root.getLocalName())) {
            throw new Fault("the answer is not a CPIX document (root element " + root.getTagName() + ")");
        }
        Map<UUID, Element> contentKeys = byKid(root.getElementsByTagNameNS(CPIX_NS, "ContentKey"), "ContentKey");
        List<ContentKey> keys = new ArrayList<>(kids.size());
        Decryption decryption = new Decryption(root, certificate);
        for (UUID kid : kids) {
            Element contentKey = contentKeys.get(kid);
            if (contentKey == null) {
                throw new Fault(contentKeys.isEmpty() ? "the CPIX answer has no ContentKey (asked for kid " + kid + ")"
                        : "kid mismatch: asked for " + kid + ", the CPIX answer has " + contentKeys.keySet());
            }
            Map<UUID, DrmSignal> signals = new LinkedHashMap<>();
            for (UUID systemId : request.systemIds()) {
                signals.put(systemId, signal(root, kid, systemId));
            }
            keys.add(new ContentKey(kid, key(contentKey, kid, decryption), explicitIv(contentKey, kid), signals));
        }
        return List.copyOf(keys);
    }

    /** The clear key of one ContentKey: its PlainValue, or its EncryptedValue decrypted. */
    private static byte[] key(Element contentKey, UUID kid, Decryption decryption) throws Fault {
        Element plain = first(contentKey, PSKC_NS, "PlainValue");
        Element encrypted = first(contentKey, PSKC_NS, "EncryptedValue");
        byte[] key;
        if (plain != null) {
            key = base64(plain.getTextContent(), "the key of kid " + kid);
        } else if (encrypted != null) {
            key = decryption.key(encrypted, kid);
        } else {
            throw new Fault("ContentKey " + kid + " carries no key (cpix:Data/pskc:Secret/pskc:PlainValue or pskc:EncryptedValue)");
        }
        if (key.length != ContentKey.LENGTH) {
            throw new Fault("the key of kid " + kid + " is " + key.length + " bytes; AES-128 needs " + ContentKey.LENGTH);
        }
        return key;
    }

    /** Unwraps the answer's document keys once, at its first encrypted content key. */
    private static final class Decryption {

        private final Element root;
        private final ClientCertificate certificate;
        private DocumentKeys documentKeys;

        Decryption(Element root, ClientCertificate certificate) {
            this.root = root;
            this.certificate = certificate;
        }

        byte[] key(Element encryptedValue, UUID kid) throws Fault {
            if (certificate == null) {
                throw new Fault("the key of kid " + kid + " is encrypted (pskc:EncryptedValue) but no certificate is configured to "
                        + "decrypt it: set spekeKeyProvider.certificateSecretRef to the kubernetes.io/tls Secret of the certificate "
                        + "the key server encrypts to, or have the key server answer pskc:PlainValue");
            }
            if (documentKeys == null) {
                documentKeys = DocumentKeys.unwrap(root, certificate);
            }
            return documentKeys.contentKey(encryptedValue, kid);
        }
    }

    private static byte[] explicitIv(Element contentKey, UUID kid) throws Fault {
        String value = contentKey.getAttribute("explicitIV").strip();
        if (value.isEmpty()) {
            return null;
        }
        byte[] iv = base64(value, "explicitIV of kid " + kid);
        if (iv.length != ContentKey.LENGTH) {
            throw new Fault("explicitIV of kid " + kid + " is " + iv.length + " bytes; AES-128 needs " + ContentKey.LENGTH);
        }
        return iv;
    }

    /**
     * The signal of one system. Child elements match by local name whatever their namespace: key
     * servers differ on whether URIExtXKey and PSSH carry the cpix prefix.
     */
    private static DrmSignal signal(Element root, UUID kid, UUID systemId) throws Fault {
        Element drmSystem = null;
        NodeList systems = root.getElementsByTagNameNS(CPIX_NS, "DRMSystem");
        for (int i = 0; i < systems.getLength() && drmSystem == null; i++) {
            Element candidate = (Element) systems.item(i);
            if (kid.equals(uuid(candidate.getAttribute("kid"), "DRMSystem kid"))
                    && systemId.equals(uuid(candidate.getAttribute("systemId"), "DRMSystem systemId"))) {
                drmSystem = candidate;
            }
        }
        if (drmSystem == null) {
            throw new Fault("the CPIX answer has no DRMSystem for system id " + systemId + " and kid " + kid);
        }
        String what = "DRM system " + systemId + " of kid " + kid;
        String pssh = text(drmSystem, "PSSH");
        String hlsKeyUri = decoded(text(drmSystem, "URIExtXKey"), what + " URIExtXKey");
        String keyFormat = decoded(text(drmSystem, "KeyFormat"), what + " KeyFormat");
        String keyFormatVersions = decoded(text(drmSystem, "KeyFormatVersions"), what + " KeyFormatVersions");
        String extXKey = decoded(mediaHlsSignalingData(drmSystem), what + " HLSSignalingData");
        if (extXKey != null) {
            Map<String, String> attributes = extXKeyAttributes(extXKey);
            hlsKeyUri = hlsKeyUri != null ? hlsKeyUri : attributes.get("URI");
            keyFormat = keyFormat != null ? keyFormat : attributes.get("KEYFORMAT");
            keyFormatVersions = keyFormatVersions != null ? keyFormatVersions : attributes.get("KEYFORMATVERSIONS");
        }
        String protectionHeader = text(drmSystem, "ProtectionHeader");
        if (protectionHeader == null) {
            protectionHeader = text(drmSystem, "SmoothStreamingProtectionHeaderData");
        }
        return new DrmSignal(systemId, pssh, decoded(text(drmSystem, "ContentProtectionData"), what + " ContentProtectionData"),
                hlsKeyUri, keyFormat, keyFormatVersions, protectionHeader);
    }

    private static String mediaHlsSignalingData(Element drmSystem) {
        for (Node child = drmSystem.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && "HLSSignalingData".equals(element.getLocalName())
                    && !"master".equals(element.getAttribute("playlist"))) {
                String text = element.getTextContent().strip();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    private static Map<String, String> extXKeyAttributes(String extXKey) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher matcher = EXT_X_KEY_ATTRIBUTE.matcher(extXKey);
        while (matcher.find()) {
            attributes.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return attributes;
    }

    private static Map<UUID, Element> byKid(NodeList elements, String what) throws Fault {
        Map<UUID, Element> byKid = new LinkedHashMap<>();
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            byKid.put(uuid(element.getAttribute("kid"), what + " kid"), element);
        }
        return byKid;
    }

    /** The stripped text of the first child element named {@code localName}, or null when absent or empty. */
    private static String text(Element parent, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                String text = element.getTextContent().strip();
                return text.isEmpty() ? null : text;
            }
        }
        return null;
    }

    /** The first descendant element {@code namespace:localName} of {@code parent}, or null. */
    static Element first(Element parent, String namespace, String localName) {
        NodeList found = parent.getElementsByTagNameNS(namespace, localName);
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static String decoded(String base64, String what) throws Fault {
        return base64 == null ? null : new String(base64(base64, what), StandardCharsets.UTF_8);
    }

    static byte[] base64(String text, String what) throws Fault {
        try {
            return Base64.getMimeDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new Fault(what + " is not base64: " + e.getMessage(), e);
        }
    }

    private static UUID uuid(String text, String what) throws Fault {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw new Fault(what + " '" + text + "' is not a UUID", e);
        }
    }

    /** Parses without DOCTYPEs or external entities: the body comes from the network. */
    private static Document parse(byte[] body) throws Fault {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing printed to stderr
            return builder.parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks secure processing", e);
        } catch (SAXException | IOException e) {
            throw new Fault("the answer is not a CPIX document (not XML: " + e.getMessage() + "); it begins "
                    + firstLine(body), e);
        }
    }

    /** The first non-blank line of a body, shortened, for messages about what a key server answered. */
    static String firstLine(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 1024), StandardCharsets.UTF_8);
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (line.isEmpty()) {
            return "(empty body)";
        }
        return "'" + (line.length() > 160 ? line.substring(0, 160) + "…" : line) + "'";
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
