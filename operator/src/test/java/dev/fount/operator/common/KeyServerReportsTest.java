package dev.fount.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.Encryption;
import dev.fount.api.v1alpha1.HlsPackage;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.VodPackages;

/** Every answer of the origin's /keys/v1/… as the KeyServer condition, without HTTP. */
class KeyServerReportsTest {

    static final String URL = "http://live-origin.media.svc.cluster.local/keys/v1/live/live/live-hls";
    static final String SUBJECT = "endpoint live/live-hls";

    static KeyServerReports.Verdict verdict(int status, String body) {
        return KeyServerReports.read(URL, status, body, SUBJECT).orElseThrow();
    }

    static void assertVerdict(KeyServerReports.Verdict v, Condition.Status status, String reason, String... inMessage) {
        assertEquals(status, v.status(), v.toString());
        assertEquals(reason, v.reason(), v.toString());
        for (String part : inMessage) {
            assertTrue(v.message().contains(part), "message has \"" + part + "\": " + v.message());
        }
    }

    @Test
    void ok() {
        assertVerdict(verdict(200, """
                {"encrypted":true,"keyServer":"https://speke.example/v1","status":"OK","message":null,"since":"2025-05-01T10:00:00Z"}"""),
                Condition.Status.True, KeyServerReports.KEYS_RECEIVED, "https://speke.example/v1", "2025-05-01T10:00:00Z");
        assertEquals("keys received from Secret live-key", verdict(200, """
                {"encrypted":true,"keyServer":"Secret live-key","status":"OK"}""").message());
    }

    @Test
    void failingCarriesTheOriginsMessage() {
        String why = "key server http://x/speke: HTTP 500 Internal Server Error";
        KeyServerReports.Verdict v = verdict(200, """
                {"encrypted":true,"keyServer":"http://x/speke","status":"FAILING","message":"%s","since":"2025-05-01T10:00:00Z"}""".formatted(why));
        assertVerdict(v, Condition.Status.False, KeyServerReports.KEY_SERVER_FAILED);
        assertEquals(why, v.message());
        assertVerdict(verdict(200, """
                {"encrypted":true,"keyServer":"http://x/speke","status":"FAILING","message":null,"since":null}"""),
                Condition.Status.False, KeyServerReports.KEY_SERVER_FAILED, "http://x/speke");
    }

    @Test
    void aLongFailureIsCut() {
        String page = "key server http://x/speke: HTTP 500 " + "<html>oops</html>".repeat(200);
        KeyServerReports.Verdict v = verdict(200, """
                {"encrypted":true,"keyServer":"http://x/speke","status":"FAILING","message":"%s"}""".formatted(page));
        assertEquals(KeyServerReports.MAX_MESSAGE, v.message().length());
        assertTrue(v.message().startsWith("key server http://x/speke: HTTP 500"), v.message());
        assertTrue(v.message().endsWith("…"), v.message());
    }

    @Test
    void notAskedYet() {
        assertVerdict(verdict(200, """
                {"encrypted":true,"keyServer":"https://speke.example/v1","status":"NOT_ASKED","message":null,"since":null}"""),
                Condition.Status.Unknown, KeyServerReports.NO_KEY_REQUEST_YET, "https://speke.example/v1");
    }

    @Test
    void notEncryptedMeansNoCondition() {
        assertEquals(Optional.empty(), KeyServerReports.read(URL, 200, """
                {"encrypted":false,"keyServer":null,"status":"NOT_ASKED","message":null,"since":null}""", SUBJECT));
    }

    @Test
    void notSeenByOrigin() {
        assertVerdict(verdict(404, "no endpoint live/live-hls"), Condition.Status.Unknown, KeyServerReports.NOT_SEEN_BY_ORIGIN,
                "live/live-hls");
    }

    @Test
    void otherStatusesGarbageAndUnknownStatesAreAnUnreachableOrigin() {
        assertVerdict(verdict(500, "boom"), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "HTTP 500", "boom");
        assertVerdict(verdict(503, ""), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "HTTP 503");
        assertVerdict(verdict(200, "<html>not json"), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "not a key server report");
        assertVerdict(verdict(200, ""), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL);
        assertVerdict(verdict(200, "[1,2]"), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "encrypted");
        assertVerdict(verdict(200, """
                {"encrypted":"yes","status":"OK"}"""), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "encrypted");
        assertVerdict(verdict(200, """
                {"encrypted":true,"keyServer":"http://x","status":"MAYBE"}"""), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE,
                URL, "MAYBE");
        assertVerdict(verdict(200, """
                {"encrypted":true,"keyServer":"http://x"}"""), Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL);
        assertVerdict(KeyServerReports.unreachable(URL, "ConnectException: Connection refused"),
                Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE, URL, "Connection refused");
    }

    @Test
    void encryptedWhenAnyPackagerEncrypts() {
        OriginEndpointSpec live = new OriginEndpointSpec();
        live.hlsPackage = new HlsPackage();
        assertFalse(KeyServerReports.encrypted(live));
        live.hlsPackage.encryption = new Encryption.Hls();
        assertTrue(KeyServerReports.encrypted(live));
        assertFalse(KeyServerReports.encrypted((OriginEndpointSpec) null));

        PackagingConfigurationSpec vod = new PackagingConfigurationSpec();
        vod.dashPackage = new VodPackages.Dash();
        assertFalse(KeyServerReports.encrypted(vod));
        vod.dashPackage.encryption = new Encryption.VodDash();
        assertTrue(KeyServerReports.encrypted(vod));
    }

    @Test
    void applySetsOrRemovesTheCondition() {
        StatusConditions conditions = new StatusConditions(Clock.fixed(Instant.parse("2025-05-01T10:00:00Z"), ZoneOffset.UTC));
        List<Condition> list = new ArrayList<>();
        KeyServerReports.apply(conditions, list, Optional.of(new KeyServerReports.Verdict(Condition.Status.False,
                KeyServerReports.KEY_SERVER_FAILED, "down")), 3L);
        Condition c = StatusConditions.find(list, Condition.KEY_SERVER).orElseThrow();
        assertEquals(Condition.Status.False, c.status);
        assertEquals(3L, c.observedGeneration);
        assertEquals("2025-05-01T10:00:00Z", c.lastTransitionTime);
        KeyServerReports.apply(conditions, list, Optional.empty(), 3L);
        assertTrue(list.isEmpty(), list.toString());
    }
}
