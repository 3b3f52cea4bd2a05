package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.crypto.TestKeyServer;
import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Ffprobe;
import dev.fount.origin.e2e.InProcessS3;
import dev.fount.origin.e2e.PlaybackReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * VOD end to end: ffmpeg makes a 40 s ladder twice — progressive MP4 renditions listed in a SMIL
 * file, and an HLS ladder of MPEG-TS segments — which is uploaded to an in-process S3 API
 * (s3proxy). Assets registered through the YAML folder are indexed from there and every
 * packaging configuration type plays: hls.js for HLS (both sources) and CMAF, dash.js and Shaka
 * for DASH, each seeking to the middle; ffprobe decodes a Smooth Streaming fragment and reads the
 * full duration of the HLS, DASH and CMAF outputs. Assets with bad sources fail with the reason, and the good ones
 * keep playing.
 */
@QuarkusTest
@TestProfile(VodEndToEndTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VodEndToEndTest {

    static final Path CONFIG = Path.of("target/vod-e2e/config");
    static final Path FIXTURES = Path.of("target/vod-e2e/fixtures");
    static final double SECONDS = 40;
    static final Duration WATCH = Duration.ofSeconds(28);
    /** At second 10 of the watch the player jumps to the middle of the asset. */
    static final BrowserPlayer.Seek TO_THE_MIDDLE = new BrowserPlayer.Seek(10, SECONDS / 2);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(CONFIG);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("fount.config.dir", CONFIG.toString(), "fount.data.dir", "target/fount-data-vod/${quarkus.uuid}");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static InProcessS3 s3;
    static TestKeyServer keyServer;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void fixturesInObjectStorage() throws Exception {
        makeFixtures();
        s3 = new InProcessS3();
        keyServer = TestKeyServer.start();
        s3.client().createBucket(CreateBucketRequest.builder().bucket("media").build());
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String key = FIXTURES.relativize(f).toString().replace('\\', '/');
                s3.client().putObject(PutObjectRequest.builder().bucket("media").key(key).build(), RequestBody.fromFile(f));
            }
        }
        try (Stream<Path> old = Files.list(CONFIG)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        Files.writeString(CONFIG.resolve("vod.yaml"), configuration(s3.endpoint().toString()) + encrypted(keyServer.url().toString()),
                StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (keyServer != null) {
            keyServer.close();
        }
    }

    /** A 40 s ladder (2 s GOPs) as two progressive MP4s (moov first in one, last in the other) + SMIL, and as HLS. */
    static void makeFixtures() throws Exception {
        if (Files.exists(FIXTURES.resolve("hls/index.m3u8")) && Files.exists(FIXTURES.resolve("bad/mpeg4.mp4"))) {
            return;
        }
        Files.createDirectories(FIXTURES.resolve("mp4"));
        Files.createDirectories(FIXTURES.resolve("hls"));
        Files.createDirectories(FIXTURES.resolve("bad"));
        List<String> source = List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=24", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", String.valueOf((int) SECONDS));
        List<String> h264 = List.of("-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "48", "-keyint_min", "48",
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", "96k");
        ffmpeg(source, h264, List.of("-b:v", "900k", "-movflags", "+faststart", FIXTURES.resolve("mp4/high.mp4").toString()));
        ffmpeg(source, h264, List.of("-vf", "scale=320:180", "-b:v", "400k", FIXTURES.resolve("mp4/low.mp4").toString()));
        Files.writeString(FIXTURES.resolve("mp4/ladder.smil"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <smil><head/><body><switch>
                  <video src="high.mp4" system-bitrate="996000"/>
                  <video src="low.mp4" system-bitrate="496000"/>
                </switch></body></smil>
                """);
        Files.writeString(FIXTURES.resolve("bad/missing-file.smil"), """
                <smil><body><switch><video src="../mp4/high.mp4" system-bitrate="996000"/><video src="nowhere.mp4" system-bitrate="1"/></switch></body></smil>
                """);
        ffmpeg(source, List.of("-filter_complex", "[0:v]split=2[a][b];[b]scale=320:180[c]", "-map", "[a]", "-map", "[c]", "-map", "1:a",
                "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "48", "-keyint_min", "48",
                "-sc_threshold", "0", "-b:v:0", "900k", "-b:v:1", "400k", "-c:a", "aac", "-b:a", "96k", "-f", "hls", "-hls_time", "2",
                "-hls_playlist_type", "vod", "-var_stream_map", "v:0,a:0 v:1,a:1", "-master_pl_name", "index.m3u8",
                "-hls_segment_filename", FIXTURES.resolve("hls/v%v/segment%03d.ts").toString()),
                List.of(FIXTURES.resolve("hls/v%v/index.m3u8").toString()));
        ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=24", "-t", "4"), List.of("-c:v", "mpeg4"),
                List.of(FIXTURES.resolve("bad/mpeg4.mp4").toString()));
        Files.writeString(FIXTURES.resolve("bad/mpeg4.smil"), "<smil><body><video src=\"mpeg4.mp4\" system-bitrate=\"100000\"/></body></smil>");
    }

    @SafeVarargs
    static void ffmpeg(List<String>... parts) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-y", "-v", "error"));
        for (List<String> p : parts) {
            command.addAll(p);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
    }

    static String configuration(String endpoint) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: media-reader}
                stringData: {accessKeyId: %1$s, secretAccessKey: %2$s}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingGroup
                metadata: {name: vod}
                spec: {}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata: {name: vod-hls}
                spec:
                  packagingGroupName: vod
                  hlsPackage:
                    segmentDurationSeconds: 6
                    hlsManifests:
                      - manifestName: index
                        includeIframeOnlyStream: true
                      - manifestName: low
                        streamSelection: {maxVideoBitsPerSecond: 600000}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata: {name: vod-dash}
                spec:
                  packagingGroupName: vod
                  dashPackage:
                    segmentDurationSeconds: 4
                    dashManifests: [{manifestName: index}]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata: {name: vod-cmaf}
                spec:
                  packagingGroupName: vod
                  cmafPackage:
                    segmentDurationSeconds: 4
                    hlsManifests: [{manifestName: index}]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata: {name: vod-mss}
                spec:
                  packagingGroupName: vod
                  mssPackage:
                    segmentDurationSeconds: 2
                    mssManifests: [{manifestName: index}]
                """.formatted(InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY)
                + asset("ladder-hls", "s3://media/hls/index.m3u8", endpoint)
                + asset("ladder-mp4", "s3://media/mp4/ladder.smil", endpoint)
                + asset("missing", "s3://media/nothing/here.m3u8", endpoint)
                + asset("missing-file", "s3://media/bad/missing-file.smil", endpoint)
                + asset("mpeg4", "s3://media/bad/mpeg4.smil", endpoint);
    }

    /** An HLS configuration encrypting with AES-128, its keys from a SPEKE key server. */
    static String encrypted(String keyServerUrl) {
        return """
                ---
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata: {name: vod-hls-aes}
                spec:
                  packagingGroupName: vod
                  hlsPackage:
                    segmentDurationSeconds: 6
                    hlsManifests: [{manifestName: index}]
                    encryption:
                      encryptionMethod: AES_128
                      spekeKeyProvider:
                        url: %s
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                """.formatted(keyServerUrl);
    }

    static String asset(String name, String uri, String endpoint) {
        return """
                ---
                apiVersion: fount.dev/v1alpha1
                kind: Asset
                metadata: {name: %s}
                spec:
                  packagingGroupName: vod
                  sourceUri: %s
                  sourceEndpoint: %s
                  sourceCredentialsSecretRef: {name: media-reader}
                """.formatted(name, uri, endpoint);
    }

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    String out(String asset, String file) {
        return base() + "/out/v1/vod/" + asset + "/" + file;
    }

    /** Where the operator reads a packaging configuration's key-server state. */
    String keyStatus(String configuration) {
        return base() + "/keys/v1/vod/vod/" + configuration;
    }

    JsonNode status(String asset, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base() + "/vod/v1/vod/" + asset);
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (last.path("status").asText().equals(wanted)) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError(asset + " did not become " + wanted + " within " + timeout.toSeconds() + " s: " + last);
    }

    @Test
    @Order(1)
    void assetsAreIndexedFromObjectStorage() throws Exception {
        for (String asset : List.of("ladder-hls", "ladder-mp4")) {
            JsonNode s = status(asset, "PLAYABLE", Duration.ofSeconds(90));
            assertEquals(SECONDS, s.path("durationSeconds").asDouble(), 0.2, s.toString());
            assertEquals(2, s.path("renditions").asInt(), s.toString());
            List<String> urls = new ArrayList<>();
            s.path("egressEndpoints").forEach(e -> {
                assertEquals("PLAYABLE", e.path("status").asText(), s.toString());
                urls.add(e.path("url").asText());
            });
            assertEquals(List.of("/out/v1/vod/" + asset + "/vod-cmaf/index.m3u8", "/out/v1/vod/" + asset + "/vod-dash/index.mpd",
                    "/out/v1/vod/" + asset + "/vod-hls/index.m3u8", "/out/v1/vod/" + asset + "/vod-hls/low.m3u8",
                    "/out/v1/vod/" + asset + "/vod-hls-aes/index.m3u8",
                    "/out/v1/vod/" + asset + "/vod-mss/index.ism/Manifest"), urls);
        }
    }

    @Test
    @Order(2)
    void thePreviewPageListsTheAssetsWithTheirStateAndManifests() throws Exception {
        String page = get(base() + "/").body();
        assertTrue(page.contains("Asset <code>ladder-mp4</code>: PLAYABLE"), page);
        for (String url : List.of("vod-hls/index.m3u8", "vod-hls/low.m3u8", "vod-dash/index.mpd", "vod-cmaf/index.m3u8", "vod-mss/index.ism/Manifest")) {
            assertTrue(page.contains("play('/out/v1/vod/ladder-mp4/" + url + "'"), url + " in " + page);
        }
    }

    @Test
    @Order(2)
    void badSourcesFailWithTheReason() throws Exception {
        String missing = status("missing", "FAILED", Duration.ofSeconds(60)).path("message").asText();
        assertTrue(missing.contains("s3://media/nothing/here.m3u8"), missing);
        String file = status("missing-file", "FAILED", Duration.ofSeconds(60)).path("message").asText();
        assertTrue(file.contains("nowhere.mp4"), file);
        String codec = status("mpeg4", "FAILED", Duration.ofSeconds(60)).path("message").asText();
        assertTrue(codec.contains("mp4v"), codec);
        HttpResponse<String> refused = get(out("missing", "vod-hls/index.m3u8"));
        assertEquals(404, refused.statusCode());
        assertTrue(refused.body().contains("FAILED"), refused.body());
        assertEquals(200, get(out("ladder-hls", "vod-hls/index.m3u8")).statusCode(), "a good asset is still served");
    }

    @Test
    @Order(3)
    void hlsPlaysWithHlsJsFromBothSources() throws Exception {
        for (String asset : List.of("ladder-hls", "ladder-mp4")) {
            String media = get(out(asset, "vod-hls/index_1.m3u8")).body();
            assertTrue(media.contains("#EXT-X-PLAYLIST-TYPE:VOD") && media.strip().endsWith("#EXT-X-ENDLIST"), media);
            assertEquals(SECONDS, media.lines().filter(l -> l.startsWith("#EXTINF:"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).sum(), 0.2, media);
            // Segments are cut from the source on request, the same bytes every time.
            String first = out(asset, "vod-hls/" + media.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow());
            assertArrayEquals(getBytes(first), getBytes(first));
            keyFrameDecodes(out(asset, "vod-hls/index_1_iframe.m3u8"), 4);
            String low = get(out(asset, "vod-hls/low.m3u8")).body();
            assertEquals(1, low.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF")).count(), low);
            seeksAndPlays(BrowserPlayer.Adapter.HLS_JS, out(asset, "vod-hls/index.m3u8"));
            // ffprobe reads the whole HLS rendering: its duration is the asset's.
            JsonNode probe = Ffprobe.probe(out(asset, "vod-hls/index.m3u8"));
            assertEquals(SECONDS, probe.path("format").path("duration").asDouble(), 6, probe.toString());
        }
    }

    @Test
    @Order(4)
    void dashPlaysWithDashJsAndShaka() throws Exception {
        for (String asset : List.of("ladder-hls", "ladder-mp4")) {
            String mpd = get(out(asset, "vod-dash/index.mpd")).body();
            assertTrue(mpd.contains("type=\"static\""), mpd);
            if (asset.equals("ladder-mp4")) {   // players once (CI time); the HLS source's DASH is read whole by ffprobe below
                seeksAndPlays(BrowserPlayer.Adapter.DASH_JS, out(asset, "vod-dash/index.mpd"));
                seeksAndPlays(BrowserPlayer.Adapter.SHAKA, out(asset, "vod-dash/index.mpd"));
            }
            JsonNode probe = Ffprobe.probe(out(asset, "vod-dash/index.mpd"));
            assertEquals(SECONDS, probe.path("format").path("duration").asDouble(), 4, probe.toString());
        }
    }

    @Test
    @Order(5)
    void cmafPlaysWithHlsJs() throws Exception {
        seeksAndPlays(BrowserPlayer.Adapter.HLS_JS, out("ladder-mp4", "vod-cmaf/index.m3u8"));
        JsonNode probe = Ffprobe.probe(out("ladder-hls", "vod-cmaf/index.m3u8"));
        assertEquals(SECONDS, probe.path("format").path("duration").asDouble(), 4, probe.toString());
    }

    @Test
    @Order(6)
    void smoothFragmentsDecode() throws Exception {
        for (String asset : List.of("ladder-hls", "ladder-mp4")) {
            String manifest = get(out(asset, "vod-mss/index.ism/Manifest")).body();
            assertTrue(!manifest.toUpperCase(java.util.Locale.ROOT).contains("ISLIVE=\"TRUE\""), manifest);
            java.util.regex.Matcher duration = java.util.regex.Pattern.compile("TimeScale=\"(\\d+)\" Duration=\"(\\d+)\"").matcher(manifest);
            assertTrue(duration.find(), manifest);
            assertEquals(SECONDS, Double.parseDouble(duration.group(2)) / Double.parseDouble(duration.group(1)), 2, manifest);
            java.util.regex.Matcher chunk = java.util.regex.Pattern.compile("<c t=\"(\\d+)\"").matcher(manifest);
            assertTrue(chunk.find(), manifest);
            java.util.regex.Matcher level = java.util.regex.Pattern.compile("Bitrate=\"(\\d+)\"").matcher(manifest);
            assertTrue(level.find(), manifest);
            // Smooth clients build the moov from the manifest; the DASH init segment of the rendition is that moov.
            int position = (int) (Long.parseLong(level.group(1)) % 1000);
            Path file = Files.createTempFile("vod-mss", ".mp4");
            Files.write(file, getBytes(out(asset, "vod-dash/index_" + position + "v_init.mp4")));
            Files.write(file, getBytes(out(asset, "vod-mss/index.ism/QualityLevels(" + level.group(1) + ")/Fragments(video=" + chunk.group(1) + ")")),
                    java.nio.file.StandardOpenOption.APPEND);
            String frames = Ffprobe.runRaw(List.of("-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                    "stream=nb_read_frames", "-of", "csv=p=0", file.toString()), Duration.ofSeconds(30)).strip();
            assertEquals(48, Long.parseLong(frames.split("\\s+")[0]), "a 2 s fragment at 24 fps");
        }
    }

    @Test
    @Order(7)
    void aes128SegmentsDecryptOnlyWithTheKeyServersKey() throws Exception {
        status("ladder-mp4", "PLAYABLE", Duration.ofSeconds(90));
        String media = get(out("ladder-mp4", "vod-hls-aes/index_1.m3u8")).body();
        List<String> keyLines = media.lines().filter(l -> l.startsWith("#EXT-X-KEY:")).toList();
        assertEquals(1, keyLines.size(), "one key for the whole asset: " + media);
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("METHOD=AES-128,URI=\"([^\"]+)\",IV=0x([0-9A-Fa-f]{32})").matcher(keyLines.get(0));
        assertTrue(key.find(), keyLines.get(0));
        byte[] keyBytes = getBytes(key.group(1));
        String firstSegment = media.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        byte[] encrypted = getBytes(out("ladder-mp4", "vod-hls-aes/" + firstSegment));
        byte[] clear = getBytes(out("ladder-mp4", "vod-hls/" + firstSegment));
        assertTrue(encrypted[0] != 0x47 && encrypted.length == (clear.length / 16 + 1) * 16, "whole-segment AES-128-CBC with padding");

        // ffmpeg decrypts the segment with the key server's key and IV, not with another key.
        Path dir = Files.createTempDirectory("vod-aes");
        Files.write(dir.resolve("segment.ts"), encrypted);
        Files.write(dir.resolve("right.key"), keyBytes);
        byte[] wrong = keyBytes.clone();
        wrong[15] ^= 1;
        Files.write(dir.resolve("wrong.key"), wrong);
        for (String k : List.of("right", "wrong")) {
            Files.writeString(dir.resolve(k + ".m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=AES-128,URI=\"" + k
                    + ".key\",IV=0x" + key.group(2) + "\n#EXTINF:6,\nsegment.ts\n#EXT-X-ENDLIST\n");
        }
        String frames = Ffprobe.runRaw(List.of("-v", "error", "-allowed_extensions", "ALL", "-count_frames", "-select_streams", "v",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", dir.resolve("right.m3u8").toString()), Duration.ofSeconds(30)).strip();
        assertEquals(144, Long.parseLong(frames.split("\\s+")[0]), "6 s at 24 fps decrypted and decoded");
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-allowed_extensions", "ALL", "-count_frames", "-select_streams", "v",
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", dir.resolve("wrong.m3u8").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor() != 0 || !out.startsWith("144"), "a wrong key does not decode: " + out);

        // The whole rendering, decrypted by ffprobe from the key URI, lasts the asset's duration; hls.js plays it.
        JsonNode probe = Ffprobe.probe(out("ladder-mp4", "vod-hls-aes/index.m3u8"));
        assertEquals(SECONDS, probe.path("format").path("duration").asDouble(), 6, probe.toString());
        seeksAndPlays(BrowserPlayer.Adapter.HLS_JS, out("ladder-mp4", "vod-hls-aes/index.m3u8"));
        assertTrue(keyServer.requests() <= 2, "every player and every playlist of the asset cost one key request: " + keyServer.requests());

        // The key server fails: content not keyed yet gets a 502 naming it; what is keyed, and what is clear, plays on.
        keyServer.answerStatus(500, 100);
        try {
            HttpResponse<String> refused = get(out("ladder-hls", "vod-hls-aes/index_1.m3u8"));
            assertEquals(502, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains(keyServer.url().toString()) && refused.body().contains("500"), refused.body());
            assertEquals(200, get(out("ladder-mp4", "vod-hls-aes/index_1.m3u8")).statusCode());
            assertEquals(200, get(out("ladder-hls", "vod-hls/index_1.m3u8")).statusCode());
            // The operator's KeyServer condition of the configuration: failing for the asset that got no key.
            HttpResponse<String> status = get(keyStatus("vod-hls-aes"));
            assertTrue(status.body().contains("\"status\":\"FAILING\"") && status.body().contains("ladder-hls")
                    && status.body().contains(keyServer.url().toString()), status.body());
            assertTrue(get(keyStatus("vod-hls")).body().contains("\"encrypted\":false"));
        } finally {
            keyServer.answerNormally();
        }
        assertEquals(200, get(out("ladder-hls", "vod-hls-aes/index_1.m3u8")).statusCode(), "keys again once the key server is back");
        assertTrue(get(keyStatus("vod-hls-aes")).body().contains("\"status\":\"OK\""));
    }

    /**
     * Key frame {@code n} of an I-frame playlist (in the second output segment) and its segment's
     * program tables, fetched with Range requests, decode as one frame: for an MP4 source the byte
     * ranges were predicted from the sample sizes alone.
     */
    static void keyFrameDecodes(String playlistUrl, int n) throws Exception {
        String playlist = get(playlistUrl).body();
        assertTrue(playlist.contains("#EXT-X-I-FRAMES-ONLY"), playlist);
        List<String> lines = playlist.lines().toList();
        String map = null;
        int seen = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-MAP:")) {
                map = lines.get(i);
            } else if (lines.get(i).startsWith("#EXT-X-BYTERANGE:") && ++seen == n) {
                URI segment = URI.create(playlistUrl).resolve(lines.get(i + 1));
                Path frame = Files.createTempFile("vod-iframe", ".ts");
                Files.write(frame, range(URI.create(playlistUrl).resolve(map.replaceAll(".*URI=\"([^\"]+)\".*", "$1")),
                        map.replaceAll(".*BYTERANGE=\"([^\"]+)\".*", "$1")));
                Files.write(frame, range(segment, lines.get(i).substring("#EXT-X-BYTERANGE:".length())), java.nio.file.StandardOpenOption.APPEND);
                String frames = Ffprobe.runRaw(List.of("-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                        "stream=nb_read_frames", "-of", "csv=p=0", frame.toString()), Duration.ofSeconds(20)).strip();
                assertEquals("1", frames.split("\\s+")[0], "key frame " + n + " of " + playlistUrl + "\n" + playlist);
                return;
            }
        }
        throw new AssertionError("no key frame " + n + " in " + playlist);
    }

    /** {@code length@offset} of a URI, by a Range request. */
    static byte[] range(URI uri, String byteRange) throws Exception {
        long length = Long.parseLong(byteRange.substring(0, byteRange.indexOf('@')));
        long offset = Long.parseLong(byteRange.substring(byteRange.indexOf('@') + 1));
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, r.statusCode(), uri.toString());
        assertEquals(length, r.body().length);
        return r.body();
    }

    void seeksAndPlays(BrowserPlayer.Adapter adapter, String url) {
        try (BrowserPlayer player = new BrowserPlayer()) {
            PlaybackReport r = player.play(adapter, base(), url, WATCH, Map.of(), TO_THE_MIDDLE);
            r.assertPlayed(20);
            assertTrue(!r.wasLive(), r.summary());
            double after = r.samples().get(r.samples().size() - 1).currentTime();
            assertTrue(after > SECONDS / 2 + 5, adapter.name() + " plays on from the middle after the seek: " + r.summary());
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] getBytes(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), url + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }
}
