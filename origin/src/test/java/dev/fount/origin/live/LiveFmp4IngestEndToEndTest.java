package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Ffprobe;

import dev.fount.origin.e2e.LiveEncoder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link LiveFmp4EndToEndTest}'s tests with the encoder pushing fMP4 (an EXT-X-MAP init segment
 * and .m4s segments per rendition) instead of MPEG-TS: the same DASH, CMAF and Smooth
 * Streaming endpoints, players and decodes, now from samples passed through, and an encoder
 * restart that uploads new init segments. The HLS endpoint ("live-hls") serves the same media
 * muxed into MPEG-TS: hls.js plays it, ffprobe reads its split renditions and I-frames.
 */
@QuarkusTest
@TestProfile(LiveFmp4IngestEndToEndTest.Profile.class)
class LiveFmp4IngestEndToEndTest extends LiveFmp4EndToEndTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "../examples/live", "fount.data.dir", "target/fount-data-fmp4-ingest/${quarkus.uuid}");
        }
    }

    @Override
    LiveEncoder.SegmentType ingest() {
        return LiveEncoder.SegmentType.FMP4;
    }

    @Test
    @Order(7)
    void theHlsEndpointServesTheFmp4IngestAsMpegTs() throws Exception {
        String multivariant = await(out("live-hls/index.m3u8"), body -> body.split("#EXT-X-STREAM-INF").length == 4, Duration.ofSeconds(30));
        for (String line : multivariant.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList()) {
            assertTrue(line.matches(".*CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\".*FRAME-RATE=25\\.000.*"), line);
        }
        assertTrue(multivariant.contains("#EXT-X-I-FRAME-STREAM-INF:"), multivariant);
        String media = await(out("live-hls/index_1.m3u8"), body -> body.split("#EXTINF:").length > 3, Duration.ofSeconds(45));
        String audio = await(out("live-hls/index_a1.m3u8"), body -> body.contains("#EXTINF:"), Duration.ofSeconds(10));
        String videoSegment = media.lines().filter(l -> l.startsWith("index_1v_")).reduce((a, b) -> b).orElseThrow();
        String audioSegment = audio.lines().filter(l -> l.startsWith("index_a1_")).reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of("video"), codecTypes(out("live-hls/" + videoSegment)));
        assertEquals(List.of("audio"), codecTypes(out("live-hls/" + audioSegment)));

        // The I-frame playlist's byte ranges, known at ingest, address a key frame in the muxed segment.
        String iframes = get(out("live-hls/index_1_iframe.m3u8")).body();
        List<String> ranges = iframes.lines().filter(l -> l.startsWith("#EXT-X-BYTERANGE:")).toList();
        List<String> uris = iframes.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        String map = iframes.lines().filter(l -> l.startsWith("#EXT-X-MAP:")).reduce((a, b) -> b).orElseThrow();
        String last = ranges.get(ranges.size() - 1).substring("#EXT-X-BYTERANGE:".length());
        String uri = uris.get(uris.size() - 1);
        Path keyFrame = Files.createTempFile("iframe", ".ts");
        Files.write(keyFrame, range(map.replaceAll(".*URI=\"([^\"]+)\".*", "$1"), map.replaceAll(".*BYTERANGE=\"([^\"]+)\".*", "$1")));
        Files.write(keyFrame, range(uri, last), StandardOpenOption.APPEND);
        assertEquals("1", Ffprobe.runRaw(List.of("-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", keyFrame.toString()), Duration.ofSeconds(20)).strip().split("\\s+")[0], iframes);

        try (BrowserPlayer player = new BrowserPlayer()) {
            player.playHls(base(), out("live-hls/index.m3u8"), WATCH).assertPlayed(20);
        }
    }

    private static List<String> codecTypes(String url) {
        List<String> types = new java.util.ArrayList<>();
        Ffprobe.probe(url).path("streams").forEach(st -> types.add(st.path("codec_type").asText()));
        return types;
    }

    /** An HLS byte range ("length@offset") of a live-hls segment, fetched with a Range request. */
    private byte[] range(String uri, String lengthAtOffset) throws Exception {
        String[] lo = lengthAtOffset.split("@");
        long offset = Long.parseLong(lo[1]);
        long length = Long.parseLong(lo[0]);
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(out("live-hls/" + uri)))
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode(), uri + " " + lengthAtOffset);
        assertEquals(length, r.body().length);
        return r.body();
    }
}
