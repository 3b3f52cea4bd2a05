package dev.fount.origin.crypto;

import static dev.fount.origin.crypto.TestKeyServer.CLEARKEY;
import static dev.fount.origin.crypto.TestKeyServer.FAIRPLAY;
import static dev.fount.origin.crypto.TestKeyServer.HLS_AES_128;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SpekeClientTest {

    private static final String CPIX = "urn:dashif:org:cpix";
    private static final Duration BACKOFF = Duration.ofMillis(100);

    private TestKeyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestKeyServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SpekeClient client(Map<String, String> headers) {
        return new SpekeClient(server.url(), headers, HttpClient.newBuilder().connectTimeout(SpekeClient.CONNECT_TIMEOUT).build(),
                BACKOFF, SpekeClient.CACHE_ENTRIES);
    }

    private SpekeClient client() {
        return client(Map.of());
    }

    private static KeyRequest v1(String resourceId, long keyPeriod, UUID... systemIds) {
        return new KeyRequest(resourceId, List.of(systemIds), keyPeriod, List.of(), false);
    }

    @Test
    void v1RequestCarriesContentIdKidAndOneDrmSystemPerSystemId() throws Exception {
        ContentKey key = client().keys(v1("channel-1", KeyRequest.NO_ROTATION, CLEARKEY, HLS_AES_128)).get(0);

        Document sent = parse(server.lastRequest());
        Element root = sent.getDocumentElement();
        assertEquals(CPIX, root.getNamespaceURI());
        assertEquals("CPIX", root.getLocalName());
        assertEquals("channel-1", root.getAttribute("id"));
        assertEquals(1, elements(sent, "ContentKey").size());
        assertEquals(key.keyId().toString(), elements(sent, "ContentKey").get(0).getAttribute("kid"));
        List<Element> systems = elements(sent, "DRMSystem");
        assertEquals(List.of(CLEARKEY.toString(), HLS_AES_128.toString()), systems.stream().map(s -> s.getAttribute("systemId")).toList());
        assertTrue(systems.stream().allMatch(s -> s.getAttribute("kid").equals(key.keyId().toString())));
        assertTrue(elements(sent, "ContentKeyPeriodList").isEmpty(), "no rotation, no key periods");
        assertTrue(elements(sent, "ContentKeyUsageRuleList").isEmpty());
        assertEquals("application/xml", server.lastHeader("Content-Type"));
        assertNull(server.lastHeader("X-Speke-Version"), "SPEKE v1 sends no version header");
    }

    @Test
    void rotationAsksForTheKeyPeriodByIndex() throws Exception {
        ContentKey key = client().keys(v1("channel-1", 42, HLS_AES_128)).get(0);

        Document sent = parse(server.lastRequest());
        List<Element> periods = elements(sent, "ContentKeyPeriod");
        assertEquals(1, periods.size());
        assertEquals("42", periods.get(0).getAttribute("index"));
        String periodId = periods.get(0).getAttribute("id");
        assertTrue(periodId.startsWith("keyPeriod_"), periodId);
        UUID.fromString(periodId.substring("keyPeriod_".length()));
        Element rule = elements(sent, "ContentKeyUsageRule").get(0);
        assertEquals(key.keyId().toString(), rule.getAttribute("kid"));
        assertEquals(periodId, ((Element) rule.getElementsByTagNameNS(CPIX, "KeyPeriodFilter").item(0)).getAttribute("periodId"));
    }

    @Test
    void answerGivesKeysAndSignalsOfEachSystem() throws Exception {
        ContentKey key = client().keys(v1("channel-1", 7, CLEARKEY, HLS_AES_128)).get(0);
        UUID kid = key.keyId();

        assertArrayEquals(server.keyFor(kid), key.key());
        assertArrayEquals(server.ivFor(kid), key.explicitIv());
        assertEquals(List.of(CLEARKEY, HLS_AES_128), List.copyOf(key.signals().keySet()));
        DrmSignal hls = key.signal(HLS_AES_128);
        assertEquals(server.keyUri(kid).toString(), hls.hlsKeyUri());
        assertEquals("identity", hls.keyFormat());
        assertEquals("1", hls.keyFormatVersions());
        assertNull(hls.pssh());
        DrmSignal clearKey = key.signal(CLEARKEY);
        assertArrayEquals(TestKeyServer.clearKeyPssh(kid), Base64.getDecoder().decode(clearKey.pssh()));
        assertTrue(clearKey.contentProtectionData().startsWith("<clearkey:Laurl"), clearKey.contentProtectionData());
        assertNull(clearKey.hlsKeyUri());

        HttpResponse<byte[]> fetched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hls.hlsKeyUri())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        assertArrayEquals(key.key(), fetched.body(), "the key URI serves the key the packager encrypts with");
        assertEquals("*", fetched.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void replicasDeriveTheSameKidAndPeriodsDiffer() throws Exception {
        ContentKey first = client().keys(v1("channel-1", 7, HLS_AES_128)).get(0);
        ContentKey otherReplica = client().keys(v1("channel-1", 7, HLS_AES_128)).get(0);
        ContentKey nextPeriod = client().keys(v1("channel-1", 8, HLS_AES_128)).get(0);
        ContentKey otherChannel = client().keys(v1("channel-2", 7, HLS_AES_128)).get(0);

        assertEquals(first, otherReplica);
        assertNotEquals(first.keyId(), nextPeriod.keyId());
        assertFalse(Arrays.equals(first.key(), nextPeriod.key()), "a new period brings a new key");
        assertNotEquals(first.keyId(), otherChannel.keyId());
        assertEquals(server.keyUri(nextPeriod.keyId()).toString(), nextPeriod.signal(HLS_AES_128).hlsKeyUri());
    }

    @Test
    void speke2AsksForOneKeyPerTrackTypeWithTheEncryptionContract() throws Exception {
        KeyRequest request = new KeyRequest("vod-asset-9", List.of(CLEARKEY, FAIRPLAY), KeyRequest.NO_ROTATION,
                List.of("VIDEO", "AUDIO"), true, "cbcs");
        List<ContentKey> keys = client().keys(request);

        assertEquals("2.0", server.lastHeader("X-Speke-Version"));
        Document sent = parse(server.lastRequest());
        assertEquals("vod-asset-9", sent.getDocumentElement().getAttribute("contentId"));
        assertEquals("2.3", sent.getDocumentElement().getAttribute("version"));
        List<Element> contentKeys = elements(sent, "ContentKey");
        assertEquals(2, contentKeys.size());
        assertTrue(contentKeys.stream().allMatch(k -> k.getAttribute("commonEncryptionScheme").equals("cbcs")));
        List<Element> rules = elements(sent, "ContentKeyUsageRule");
        assertEquals(List.of("VIDEO", "AUDIO"), rules.stream().map(r -> r.getAttribute("intendedTrackType")).toList());
        assertEquals(1, rules.get(0).getElementsByTagNameNS(CPIX, "VideoFilter").getLength());
        assertEquals(1, rules.get(1).getElementsByTagNameNS(CPIX, "AudioFilter").getLength());
        assertEquals(4, elements(sent, "DRMSystem").size(), "one DRMSystem per key and system");

        assertEquals(2, keys.size());
        assertEquals(contentKeys.get(0).getAttribute("kid"), keys.get(0).keyId().toString(), "keys come in track type order");
        assertEquals(rules.get(1).getAttribute("kid"), keys.get(1).keyId().toString());
        assertNotEquals(keys.get(0).keyId(), keys.get(1).keyId());
        for (ContentKey key : keys) {
            assertArrayEquals(server.keyFor(key.keyId()), key.key());
            DrmSignal fairPlay = key.signal(FAIRPLAY);
            assertEquals("skd://" + key.keyId(), fairPlay.hlsKeyUri(), "URI taken from the media HLSSignalingData");
            assertEquals("com.apple.streamingkeydelivery", fairPlay.keyFormat());
            assertEquals("1", fairPlay.keyFormatVersions());
            assertArrayEquals(TestKeyServer.clearKeyPssh(key.keyId()), Base64.getDecoder().decode(key.signal(CLEARKEY).pssh()));
        }
    }

    @Test
    void headersFromTheSecretAreSent() {
        server.requireHeader("Authorization", "Bearer s3cret");

        KeyException refused = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));
        assertTrue(refused.getMessage().contains("HTTP 401: 'Missing or wrong Authorization'"), refused.getMessage());
        assertFalse(refused.retryable());

        assertDoesNotThrow(() -> client(Map.of("Authorization", "Bearer s3cret\n")).keys(v1("channel-1", 1, HLS_AES_128)));
        assertEquals("Bearer s3cret", server.lastHeader("Authorization"), "a Secret file's trailing newline is not sent");
    }

    @Test
    void headersThatHttpCannotCarryAreRefusedUpFront() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client(Map.of("Host", "elsewhere")));
        assertTrue(e.getMessage().contains("key server header 'Host' cannot be sent"), e.getMessage());
    }

    @Test
    void keysAreCached() throws Exception {
        SpekeClient client = client();
        List<ContentKey> first = client.keys(v1("channel-1", 3, HLS_AES_128));
        List<ContentKey> again = client.keys(v1("channel-1", 3, HLS_AES_128));

        assertSame(first, again);
        assertEquals(1, server.requests());
        client.keys(v1("channel-1", 3, HLS_AES_128, CLEARKEY));
        assertEquals(2, server.requests(), "other systems are another request");
    }

    @Test
    void fiftyConcurrentPlayersCostOneKeyRequest() throws Exception {
        server.answerAfter(Duration.ofMillis(300));
        SpekeClient client = client();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<List<ContentKey>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.keys(v1("channel-1", 99, HLS_AES_128));
                }));
            }
            start.countDown();
            Set<UUID> kids = new HashSet<>();
            for (Future<List<ContentKey>> answer : answers) {
                kids.add(answer.get().get(0).keyId());
            }
            assertEquals(1, kids.size());
            assertEquals(1, server.requests(), "single flight: one HTTP request for all fifty");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentFailureReachesEveryWaiterAndIsNotCached() throws Exception {
        server.answerAfter(Duration.ofMillis(300));
        server.answerStatus(403, 1);
        SpekeClient client = client();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<List<ContentKey>>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.keys(v1("channel-1", 5, HLS_AES_128));
                }));
            }
            start.countDown();
            for (Future<List<ContentKey>> answer : answers) {
                Exception e = assertThrows(Exception.class, answer::get);
                assertTrue(e.getCause() instanceof KeyException && e.getCause().getMessage().contains("HTTP 403"), String.valueOf(e.getCause()));
            }
            assertEquals(1, server.requests());
        } finally {
            pool.shutdownNow();
        }
        server.answerNormally();
        assertEquals(1, client.keys(v1("channel-1", 5, HLS_AES_128)).size());
        assertEquals(2, server.requests(), "the failure was not cached");
    }

    @Test
    void failuresAreNotCached() throws Exception {
        SpekeClient client = client();
        server.answerStatus(404, 1);
        assertThrows(KeyException.class, () -> client.keys(v1("channel-1", 1, HLS_AES_128)));
        ContentKey key = client.keys(v1("channel-1", 1, HLS_AES_128)).get(0);

        assertArrayEquals(server.keyFor(key.keyId()), key.key());
        assertEquals(2, server.requests());
    }

    @Test
    void serverErrorsAreRetriedWithBackoff() throws Exception {
        server.answerStatus(500, 2);
        long started = System.nanoTime();
        ContentKey key = client().keys(v1("channel-1", 1, HLS_AES_128)).get(0);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertArrayEquals(server.keyFor(key.keyId()), key.key());
        assertEquals(3, server.requests());
        assertTrue(took.compareTo(BACKOFF.multipliedBy(3)) >= 0, "backed off 100 ms then 200 ms, took " + took);
    }

    @Test
    void tooManyRequestsIsRetriedAndGivingUpSaysSo() {
        server.answerStatus(429, 5);
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertEquals(SpekeClient.ATTEMPTS, server.requests());
        assertTrue(e.retryable());
        assertEquals("key server " + server.url() + ": HTTP 429: 'Status 429 from the test key server' (gave up after 3 attempts)",
                e.getMessage());
    }

    @Test
    void forbiddenIsNotRetried() {
        server.answerStatus(403, 5);
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertEquals(1, server.requests());
        assertFalse(e.retryable());
        assertEquals("key server " + server.url() + ": HTTP 403: 'Status 403 from the test key server'", e.getMessage());
    }

    @Test
    void downServerIsAConnectionFault() {
        server.down();
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertTrue(e.retryable());
        assertEquals("key server " + server.url() + ": cannot connect (connection refused or unreachable) (gave up after 3 attempts)",
                e.getMessage());
    }

    @Test
    void urlCredentialsStayOutOfMessages() {
        server.down();
        URI withSecrets = URI.create("http://user:pw@127.0.0.1:" + server.url().getPort() + "/speke?token=t0ken");
        SpekeClient client = new SpekeClient(withSecrets, Map.of(), HttpClient.newHttpClient(), Duration.ZERO, 8);
        KeyException e = assertThrows(KeyException.class, () -> client.keys(v1("channel-1", 1, HLS_AES_128)));

        assertTrue(e.getMessage().startsWith("key server http://127.0.0.1:" + server.url().getPort() + "/speke: "), e.getMessage());
        assertFalse(e.getMessage().contains("t0ken") || e.getMessage().contains("pw"), e.getMessage());
    }

    @Test
    void answerThatIsNotCpixIsNamedAndNotRetried() {
        server.answerBody("hello, I am a web page\nnot a key server");
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertFalse(e.retryable());
        assertEquals(1, server.requests());
        assertTrue(e.getMessage().contains("the answer is not a CPIX document (not XML:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("it begins 'hello, I am a web page'"), e.getMessage());

        server.answerBody("<html><body>oops</body></html>");
        KeyException html = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));
        assertTrue(html.getMessage().endsWith("the answer is not a CPIX document (root element html)"), html.getMessage());
    }

    @Test
    void doctypesAreRefused() {
        server.answerBody("<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<cpix:CPIX xmlns:cpix=\"urn:dashif:org:cpix\">&x;</cpix:CPIX>");
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertTrue(e.getMessage().contains("not a CPIX document (not XML:") && e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void keyOfWrongLengthIsRefused() {
        server.answerShortKeys();
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().endsWith(" is 8 bytes; AES-128 needs 16"), e.getMessage());
    }

    @Test
    void kidMismatchIsRefused() {
        server.answerOtherKids();
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertTrue(e.getMessage().contains("kid mismatch: asked for "), e.getMessage());
    }

    @Test
    void encryptedKeysWithoutACertificateNameTheSecretToSet() {
        server.answerEncryptedKeys();
        KeyException e = assertThrows(KeyException.class, () -> client().keys(v1("channel-1", 1, HLS_AES_128)));

        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("is encrypted (pskc:EncryptedValue) but no certificate is configured to decrypt it: "
                + "set spekeKeyProvider.certificateSecretRef"), e.getMessage());
    }

    @Test
    void contentKeyKeepsItsKeyToItself() {
        byte[] bytes = new byte[16];
        bytes[0] = 42;
        ContentKey key = new ContentKey(UUID.randomUUID(), bytes, null, Map.of());
        bytes[0] = 0;
        key.key()[0] = 1;

        assertEquals(42, key.key()[0], "copied in and out");
        assertTrue(key.toString().contains("key=(hidden)"), key.toString());
        assertFalse(key.toString().contains(HexFormat.of().formatHex(key.key())), key.toString());
        assertThrows(IllegalArgumentException.class, () -> new ContentKey(UUID.randomUUID(), new byte[15], null, Map.of()));
    }

    @Test
    void requestsAreCheckedForTheirSpekeVersion() {
        IllegalArgumentException tracks = assertThrows(IllegalArgumentException.class,
                () -> new KeyRequest("c", List.of(CLEARKEY), -1, List.of("VIDEO"), false));
        assertTrue(tracks.getMessage().contains("need SPEKE 2.0"), tracks.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KeyRequest("c", List.of(CLEARKEY), -1, List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> new KeyRequest("c", List.of(), -1, List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> new KeyRequest("c", List.of(CLEARKEY), -2, List.of(), false));
        assertEquals("cenc", new KeyRequest("c", List.of(CLEARKEY), -1, List.of("ALL"), true).commonEncryptionScheme());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document document, String localName) {
        var nodes = document.getElementsByTagNameNS(CPIX, localName);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
