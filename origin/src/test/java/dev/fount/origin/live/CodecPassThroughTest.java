package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.fount.origin.e2e.Credentials;
import dev.fount.origin.e2e.Ffprobe;
import dev.fount.origin.e2e.HttpPush;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * HEVC, AC-3, E-AC-3 and timed ID3 are carried along, not rejected: ffmpeg writes an HLS
 * ladder of them to a folder, the test pushes the files in the encoder's order, and the
 * origin publishes them with the right CODECS and serves segments ffprobe decodes as such.
 */
@QuarkusTest
@TestProfile(CodecPassThroughTest.Profile.class)
class CodecPassThroughTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "src/test/resources/codecs", "fount.data.dir", "target/fount-data-codecs/${quarkus.uuid}");
        }
    }

    static final Credentials CREDENTIALS = Credentials.of("encoder", "codecs-test");

    @TestHTTPResource("/")
    URL root;

    @Test
    void hevcAc3AndEac3ArePublishedWithTheirCodecs() throws Exception {
        Path dir = Files.createTempDirectory("codecs");
        // Rendition 0: HEVC + AC-3; rendition 1: H.264 + E-AC-3. Four 1-second segments each.
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=48000", "-t", "4",
                "-map", "0:v", "-map", "1:a", "-map", "0:v", "-map", "1:a",
                "-c:v:0", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=25:min-keyint=25:scenecut=0", "-tag:v:0", "hvc1",
                "-c:v:1", "libx264", "-preset", "ultrafast", "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                "-c:a:0", "ac3", "-b:a:0", "192k", "-c:a:1", "eac3", "-b:a:1", "192k",
                "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_segment_type", "mpegts",
                "-master_pl_name", "channel.m3u8", "-hls_segment_filename", dir + "/channel_%v_%03d.ts",
                "-var_stream_map", "v:0,a:0 v:1,a:1", dir + "/channel_%v.m3u8").redirectErrorStream(true).start();
        String log = new String(ffmpeg.getInputStream().readAllBytes());
        assertEquals(0, ffmpeg.waitFor(), log);

        String base = root.toString().replaceAll("/$", "");
        String ingest = base + "/in/v1/codecs/1/";
        // As an encoder sends them: segments, then the playlists that list them, multivariant first.
        assertEquals(201, HttpPush.push(ingest + "channel.m3u8", "PUT", Files.readAllBytes(dir.resolve("channel.m3u8")), CREDENTIALS).statusCode());
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.toString().endsWith(".ts")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        for (Path s : segments) {
            HttpResponse<String> r = HttpPush.push(ingest + s.getFileName(), "PUT", Files.readAllBytes(s), CREDENTIALS);
            assertEquals(201, r.statusCode(), s.getFileName() + ": " + r.body());
        }
        for (String playlist : List.of("channel_0.m3u8", "channel_1.m3u8")) {
            assertEquals(201, HttpPush.push(ingest + playlist, "PUT", Files.readAllBytes(dir.resolve(playlist)), CREDENTIALS).statusCode());
        }

        String multivariant = HttpPush.send(base + "/out/v1/codecs/codecs-hls/index.m3u8", "GET", null, Map.of()).body();
        List<String> variants = Arrays.stream(multivariant.split("\n")).filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertEquals(2, variants.size(), multivariant);
        assertTrue(variants.get(0).matches(".*CODECS=\"hvc1\\.[^\"]+,ac-3\".*"), variants.get(0));
        assertTrue(variants.get(1).matches(".*CODECS=\"avc1\\.[0-9a-f]{6},ec-3\".*"), variants.get(1));

        String media = HttpPush.send(base + "/out/v1/codecs/codecs-hls/index_1.m3u8", "GET", null, Map.of()).body();
        String first = Arrays.stream(media.split("\n")).filter(l -> l.startsWith("index_1_")).findFirst().orElseThrow();
        var probe = Ffprobe.probe(base + "/out/v1/codecs/codecs-hls/" + first);
        assertEquals("hevc", Ffprobe.streams(probe, "video").get(0).path("codec_name").asText(), probe.toString());
        assertEquals("ac3", Ffprobe.streams(probe, "audio").get(0).path("codec_name").asText(), probe.toString());
        String second = Arrays.stream(HttpPush.send(base + "/out/v1/codecs/codecs-hls/index_2.m3u8", "GET", null, Map.of()).body().split("\n"))
                .filter(l -> l.startsWith("index_2_")).findFirst().orElseThrow();
        assertEquals("eac3", Ffprobe.streams(Ffprobe.probe(base + "/out/v1/codecs/codecs-hls/" + second), "audio").get(0).path("codec_name").asText());
    }
}
