package dev.fount.origin.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * An in-process SPEKE key server on 127.0.0.1 for tests. It answers CPIX requests (v1 and 2.0)
 * with keys derived from the kid ({@link #keyFor(UUID)}), ClearKey and HLS AES-128 signalling
 * (FairPlay too, for SPEKE 2.0's HLSSignalingData), and serves {@code GET /keys/<kid>} with the raw
 * key as an AES-128 key URI would. It can be told to misbehave: refuse connections, answer a status,
 * answer something that is not CPIX, short keys, other kids, or answer slowly. It can encrypt the
 * keys as CPIX specifies ({@link TestCpixEncryption}), and serve HTTPS requiring a client certificate.
 */
public final class TestKeyServer implements AutoCloseable {

    public static final UUID CLEARKEY = UUID.fromString("e2719d58-a985-b3c9-781a-b030af78d30e");
    public static final UUID HLS_AES_128 = UUID.fromString("81376844-f976-481e-a84e-cc25d39b0b33");
    public static final UUID FAIRPLAY = UUID.fromString("94ce86fb-07ff-4f43-adb8-93d2fa968ca2");

    private static final String CPIX = "urn:dashif:org:cpix";
    private static final String PSKC = "urn:ietf:params:xml:ns:keyprov:pskc";

    private final HttpServer server;
    private final boolean https;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final byte[] secret = "fount test key server".getBytes(StandardCharsets.UTF_8);
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger statusesLeft = new AtomicInteger();

    private volatile int status;
    private volatile String body;
    private volatile boolean shortKeys;
    private volatile boolean otherKids;
    private volatile boolean encryptedKeys;
    private volatile X509Certificate recipient;
    private volatile TestCpixEncryption.MacKeyLayout macKeyLayout = TestCpixEncryption.MacKeyLayout.AWS;
    private volatile boolean wrongMacs;
    private volatile Duration delay = Duration.ZERO;
    private volatile String requiredHeader;
    private volatile String requiredValue;
    private volatile String lastRequest;
    private volatile Headers lastHeaders;
    private volatile String lastAnswer;
    private volatile X509Certificate lastClientCertificate;

    private TestKeyServer(SSLContext tls, boolean needClientAuth, String[] protocols) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        https = tls != null;
        if (https) {
            HttpsServer httpsServer = HttpsServer.create(address, 0);
            httpsServer.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters parameters = tls.getDefaultSSLParameters();
                    parameters.setNeedClientAuth(needClientAuth);
                    if (protocols.length > 0) {
                        parameters.setProtocols(protocols);
                    }
                    params.setSSLParameters(parameters);
                }
            });
            server = httpsServer;
        } else {
            server = HttpServer.create(address, 0);
        }
        server.createContext("/speke", this::speke);
        server.createContext("/keys/", this::key);
        server.createContext("/clearkey", this::clearKeyLicence);
        server.setExecutor(executor);
        server.start();
    }

    /** A running server; close it when done. */
    public static TestKeyServer start() throws IOException {
        return new TestKeyServer(null, false, new String[0]);
    }

    /**
     * A running HTTPS server with the TLS identity {@code server} that, when {@code trustedClient} is
     * not null, requires a client certificate and accepts only that one.
     *
     * @param protocols the TLS versions to speak (e.g. TLSv1.2), or none for the JDK's
     */
    public static TestKeyServer startHttps(ClientCertificate server, X509Certificate trustedClient, String... protocols) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("server", server.privateKey(), password, server.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        TrustManager[] trust = null;
        if (trustedClient != null) {
            KeyStore clients = KeyStore.getInstance("PKCS12");
            clients.load(null, null);
            clients.setCertificateEntry("client", trustedClient);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(clients);
            trust = factory.getTrustManagers();
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust, null);
        return new TestKeyServer(tls, trustedClient != null, protocols);
    }

    /** The SPEKE endpoint. */
    public URI url() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/speke");
    }

    /** Where players fetch the key of {@code kid}, as this server signals it in URIExtXKey. */
    public URI keyUri(UUID kid) {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/keys/" + kid);
    }

    /** The key this server gives for {@code kid}: SHA-256 of the kid and a secret, first 16 bytes. */
    public byte[] keyFor(UUID kid) {
        return digest(kid, "key");
    }

    /** The explicitIV this server gives for {@code kid}. */
    public byte[] ivFor(UUID kid) {
        return digest(kid, "iv");
    }

    /** The ClearKey {@code pssh} box (version 1, one KID, no data) this server signals for {@code kid}. */
    public static byte[] clearKeyPssh(UUID kid) {
        return ByteBuffer.allocate(52).putInt(52).put("pssh".getBytes(StandardCharsets.US_ASCII)).putInt(0x01000000)
                .putLong(CLEARKEY.getMostSignificantBits()).putLong(CLEARKEY.getLeastSignificantBits()).putInt(1)
                .putLong(kid.getMostSignificantBits()).putLong(kid.getLeastSignificantBits()).putInt(0).array();
    }

    /** CPIX requests received (key fetches not counted). */
    public int requests() {
        return requests.get();
    }

    /** The last CPIX document received. */
    public String lastRequest() {
        return lastRequest;
    }

    /** The last CPIX answer sent. */
    public String lastAnswer() {
        return lastAnswer;
    }

    /** The TLS client certificate of the last CPIX request over HTTPS, or null. */
    public X509Certificate lastClientCertificate() {
        return lastClientCertificate;
    }

    /** A header of the last CPIX request, or null. */
    public String lastHeader(String name) {
        return lastHeaders == null ? null : lastHeaders.getFirst(name);
    }

    /** Answer the next {@code times} CPIX requests with {@code status} and a two-line text body. */
    public void answerStatus(int status, int times) {
        this.status = status;
        statusesLeft.set(times);
    }

    /** Answer every CPIX request with 200 and this body instead of CPIX. */
    public void answerBody(String body) {
        this.body = body;
    }

    /** Answer with 8-byte keys. */
    public void answerShortKeys() {
        shortKeys = true;
    }

    /** Answer with kids other than those asked for. */
    public void answerOtherKids() {
        otherKids = true;
    }

    /**
     * Answer with the keys encrypted as CPIX specifies (pskc:EncryptedValue and pskc:ValueMAC) to the
     * request's DeliveryKey certificate, or, when the request names none, to a certificate of its own
     * choosing (a server configured for another packager).
     */
    public void answerEncryptedKeys() {
        answerEncryptedKeys(null, TestCpixEncryption.MacKeyLayout.AWS);
    }

    /** As {@link #answerEncryptedKeys()}, to {@code recipient} when not null, with the MAC key laid out as given. */
    public void answerEncryptedKeys(X509Certificate recipient, TestCpixEncryption.MacKeyLayout layout) {
        this.recipient = recipient;
        this.macKeyLayout = layout;
        encryptedKeys = true;
    }

    /** Encrypt the keys, but spoil every pskc:ValueMAC. */
    public void answerWrongMacs() {
        answerEncryptedKeys();
        wrongMacs = true;
    }

    /** Answer after {@code delay}. */
    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /** Behave again. */
    public void answerNormally() {
        statusesLeft.set(0);
        body = null;
        shortKeys = false;
        otherKids = false;
        encryptedKeys = false;
        recipient = null;
        macKeyLayout = TestCpixEncryption.MacKeyLayout.AWS;
        wrongMacs = false;
        delay = Duration.ZERO;
    }

    /** Answer 401 to CPIX requests that lack this header value. */
    public void requireHeader(String name, String value) {
        requiredHeader = name;
        requiredValue = value;
    }

    /** Stop listening: later connections are refused. */
    public void down() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void speke(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] request = exchange.getRequestBody().readAllBytes();
            lastRequest = new String(request, StandardCharsets.UTF_8);
            lastHeaders = exchange.getRequestHeaders();
            if (exchange instanceof HttpsExchange secure) {
                lastClientCertificate = clientCertificate(secure);
            }
            Thread.sleep(delay.toMillis());
            if (requiredHeader != null && !requiredValue.equals(exchange.getRequestHeaders().getFirst(requiredHeader))) {
                send(exchange, 401, "text/plain", ("Missing or wrong " + requiredHeader + "\nsee the docs").getBytes(StandardCharsets.UTF_8));
            } else if (statusesLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                send(exchange, status, "text/plain", ("Status " + status + " from the test key server\nsecond line").getBytes(StandardCharsets.UTF_8));
            } else if (body != null) {
                send(exchange, 200, "text/plain", body.getBytes(StandardCharsets.UTF_8));
            } else {
                String version = exchange.getRequestHeaders().getFirst("X-Speke-Version");
                if (version != null) {
                    exchange.getResponseHeaders().set("X-Speke-Version", version);
                }
                exchange.getResponseHeaders().set("X-Speke-User-Agent", "fount-test-key-server");
                byte[] answer = answer(request);
                lastAnswer = new String(answer, StandardCharsets.UTF_8);
                send(exchange, 200, "application/xml", answer);
            }
        } catch (Exception e) {
            throw new IOException("test key server failed", e);
        }
    }

    /** Key ids the ClearKey licence endpoint was asked for, in order. */
    public java.util.List<UUID> licensedKids() {
        synchronized (licensed) {
            return java.util.List.copyOf(licensed);
        }
    }

    private final java.util.List<UUID> licensed = new java.util.ArrayList<>();

    /**
     * The ClearKey licence URL this server signals (clearkey:Laurl): a POST of the CDM's licence
     * request {@code {"kids": [base64url…]}} (W3C EME §9.1.3) gets a JWK set of those keys (§9.1.4).
     * Cross-origin, as players reach it.
     */
    private void clearKeyLicence(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "*");
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST, OPTIONS");
            if (exchange.getRequestMethod().equals("OPTIONS")) {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher kids = java.util.regex.Pattern.compile("\"([A-Za-z0-9_-]{22})\"").matcher(request);
            StringBuilder keys = new StringBuilder();
            while (kids.find()) {
                ByteBuffer id = ByteBuffer.wrap(Base64.getUrlDecoder().decode(kids.group(1)));
                UUID kid = new UUID(id.getLong(), id.getLong());
                synchronized (licensed) {
                    licensed.add(kid);
                }
                keys.append(keys.length() == 0 ? "" : ",").append("{\"kty\":\"oct\",\"kid\":\"").append(kids.group(1)).append("\",\"k\":\"")
                        .append(Base64.getUrlEncoder().withoutPadding().encodeToString(keyFor(kid))).append("\"}");
            }
            send(exchange, 200, "application/json", ("{\"keys\":[" + keys + "],\"type\":\"temporary\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static X509Certificate clientCertificate(HttpsExchange exchange) {
        try {
            return (X509Certificate) exchange.getSSLSession().getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void key(HttpExchange exchange) throws IOException {
        try (exchange) {
            UUID kid = kid(exchange.getRequestURI().getPath().substring("/keys/".length()));
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if (kid == null) {
                send(exchange, 404, "text/plain", "no such kid".getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 200, "application/octet-stream", keyFor(kid));
            }
        }
    }

    private static UUID kid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The request document filled in, as SPEKE key servers do. */
    private byte[] answer(byte[] request) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(request));
        TestCpixEncryption encryption = null;
        if (encryptedKeys) {
            X509Certificate to = recipient != null ? recipient : TestCpixEncryption.requestedRecipient(document);
            encryption = new TestCpixEncryption(to != null ? to : TestPki.rsa("another packager").certificate(), macKeyLayout, wrongMacs);
            encryption.addDeliveryData(document);
        }
        NodeList contentKeys = document.getElementsByTagNameNS(CPIX, "ContentKey");
        for (int i = 0; i < contentKeys.getLength(); i++) {
            Element contentKey = (Element) contentKeys.item(i);
            UUID kid = UUID.fromString(contentKey.getAttribute("kid"));
            byte[] key = shortKeys ? Arrays.copyOf(keyFor(kid), 8) : keyFor(kid);
            Element data = (Element) contentKey.appendChild(document.createElementNS(CPIX, "cpix:Data"));
            Element secretElement = (Element) data.appendChild(document.createElementNS(PSKC, "pskc:Secret"));
            if (encryption != null) {
                encryption.fillSecret(secretElement, key);
            } else {
                secretElement.appendChild(document.createElementNS(PSKC, "pskc:PlainValue")).setTextContent(base64(key));
            }
            contentKey.setAttribute("explicitIV", base64(ivFor(kid)));
            if (otherKids) {
                contentKey.setAttribute("kid", UUID.nameUUIDFromBytes(kid.toString().getBytes(StandardCharsets.UTF_8)).toString());
            }
        }
        NodeList systems = document.getElementsByTagNameNS(CPIX, "DRMSystem");
        for (int i = 0; i < systems.getLength(); i++) {
            Element system = (Element) systems.item(i);
            UUID kid = UUID.fromString(system.getAttribute("kid"));
            UUID systemId = UUID.fromString(system.getAttribute("systemId"));
            if (systemId.equals(CLEARKEY)) {
                fill(system, "PSSH", null, base64(clearKeyPssh(kid)));
                fill(system, "ContentProtectionData", null, base64("<clearkey:Laurl xmlns:clearkey=\"http://dashif.org/guidelines/clearKey\" "
                        + "Lic_type=\"EME-1.0\">" + url().resolve("/clearkey") + "</clearkey:Laurl>"));
            } else if (systemId.equals(HLS_AES_128)) {
                fill(system, "URIExtXKey", null, base64(keyUri(kid).toString()));
                fill(system, "KeyFormat", null, base64("identity"));
                fill(system, "KeyFormatVersions", null, base64("1"));
                String attributes = "METHOD=SAMPLE-AES,URI=\"" + keyUri(kid) + "\",KEYFORMAT=\"identity\",KEYFORMATVERSIONS=\"1\"";
                fill(system, "HLSSignalingData", "media", base64("#EXT-X-KEY:" + attributes));
                fill(system, "HLSSignalingData", "master", base64("#EXT-X-SESSION-KEY:" + attributes));
            } else if (systemId.equals(FAIRPLAY)) {
                String attributes = "METHOD=SAMPLE-AES,URI=\"skd://" + kid + "\",KEYFORMAT=\"com.apple.streamingkeydelivery\",KEYFORMATVERSIONS=\"1\"";
                fill(system, "HLSSignalingData", "media", base64("#EXT-X-KEY:" + attributes));
                fill(system, "HLSSignalingData", "master", base64("#EXT-X-SESSION-KEY:" + attributes));
            }
        }
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sets the text of the (empty) child the request asked for; values nobody asked for are not added. */
    private static void fill(Element system, String localName, String playlist, String text) {
        for (Node child = system.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())
                    && (playlist == null || playlist.equals(element.getAttribute("playlist")))) {
                element.setTextContent(text);
            }
        }
    }

    private byte[] digest(UUID kid, String purpose) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((kid + "/" + purpose + "/").getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(sha256.digest(secret), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String base64(String text) {
        return base64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
