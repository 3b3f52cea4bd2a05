package dev.fount.origin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.e2e.Ffprobe;
import dev.fount.origin.e2e.HttpPush;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.timeline.Timelines;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An origin that starts on the data folder of one that died: before the application starts, an
 * ingest service (the dead origin) takes 24 s of ffmpeg's MPEG-TS for the channel "live" of
 * examples/live/ into a folder and is dropped; the origin under test then boots on that folder
 * and serves the same window over HTTP (same media sequence, same segments, decodable).
 */
@QuarkusTest
@TestProfile(RestartedOriginTest.Profile.class)
class RestartedOriginTest {

    /** What the dead origin served: the output segments of live-hls (6 s from 2 s input) of rendition 1. */
    static volatile List<OutputSegment> before;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DeadOrigin.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "../examples/live");
        }
    }

    /** Runs the first origin's ingest before the application under test starts, and points it at its folder. */
    public static class DeadOrigin implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                Path work = Files.createTempDirectory("fount-restart");
                Path encoded = work.resolve("encoded");
                Files.createDirectories(encoded);
                ffmpeg(encoded);
                Path data = work.resolve("data");
                IngestService dead = new IngestService();
                dead.config = () -> new ConfigSnapshot(Map.of(), Map.of(), List.of());
                dead.timelines = new Timelines();
                dead.dataDir = data;
                dead.recover();
                dead.upload("live", "1", "channel.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=600000\nchannel_0.m3u8\n".getBytes(StandardCharsets.UTF_8));
                List<String> lines = Files.readAllLines(encoded.resolve("channel_0.m3u8"));
                StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n");
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).startsWith("#EXTINF")) {
                        String name = lines.get(i + 1);
                        dead.upload("live", "1", name, Files.readAllBytes(encoded.resolve(name)));
                        playlist.append(lines.get(i)).append('\n').append(name).append('\n');
                        dead.upload("live", "1", "channel_0.m3u8", playlist.toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                before = OutputSegmenter.segments(dead.timelines.view("live").rendition(1).orElseThrow(), 6);
                return Map.of("fount.data.dir", data.toString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not prepare the dead origin's folder: " + e.getMessage(), e);
            }
        }

        @Override
        public void stop() {
        }

        private static void ffmpeg(Path dir) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "24",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                    "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2", "-hls_list_size", "0",
                    "-hls_segment_filename", dir.resolve("channel_0_%d.ts").toString(), dir.resolve("channel_0.m3u8").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ffmpeg failed: " + out);
            }
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Test
    void theRestartedOriginServesTheWindowItHad() {
        String base = root.toString().replaceAll("/$", "");
        assertEquals(4, before.size(), "24 s in 6 s segments");
        String media = HttpPush.send(base + "/out/v1/live/live-hls/index_1.m3u8", "GET", null, Map.of()).body();
        assertTrue(media.contains("#EXT-X-MEDIA-SEQUENCE:" + before.get(0).ordinal() + "\n"), media);
        List<String> uris = new ArrayList<>(media.lines().filter(l -> l.startsWith("index_1v_")).toList());
        assertEquals(before.stream().map(s -> "index_1v_" + s.ordinal() + ".ts").toList(), uris, media);
        List<String> extinf = media.lines().filter(l -> l.startsWith("#EXTINF:")).toList();
        for (int i = 0; i < before.size(); i++) {
            assertEquals(String.format(java.util.Locale.ROOT, "#EXTINF:%.3f,", before.get(i).duration() / 90000.0), extinf.get(i), media);
        }
        assertEquals("h264", Ffprobe.streams(Ffprobe.probe(base + "/out/v1/live/live-hls/" + uris.get(1)), "video").get(0)
                .path("codec_name").asText());
    }
}
