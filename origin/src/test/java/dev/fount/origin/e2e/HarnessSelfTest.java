package dev.fount.origin.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Self-test of the end-to-end harness, with no origin: ffmpeg ({@link LiveEncoder}) pushes live HLS
 * to a tiny in-memory HTTP server ({@link InMemoryIngestServer}), ffprobe ({@link Ffprobe}) decodes
 * what arrived, and hls.js in headless Chromium ({@link BrowserPlayer}) plays it; ffmpeg-written
 * DASH is played by dash.js and Shaka, and ffmpeg-written Smooth Streaming by dash.js's MSS
 * client, all served by the same server. If this fails,
 * the origin's end-to-end tests cannot be trusted either. Needs ffmpeg, ffprobe and
 * /usr/bin/chromium (CI installs them).
 */
@Tag("e2e")
@Tag("e2e-harness")
@DisplayName("E2E harness self-test (ffmpeg -> in-memory HTTP server -> ffprobe; hls.js, dash.js, Shaka in Chromium; no origin)")
class HarnessSelfTest {

    private static final Credentials CREDENTIALS = Credentials.of("encoder", "s3cret-pw");
    private static final String INGEST_PATH = "/in/v1/live/1/";

    @Test
    @Timeout(180)
    @DisplayName("ffmpeg pushes a 3-rendition live HLS ladder with Basic up front; ffprobe decodes it; hls.js plays it")
    void liveLadderIsPushedProbedAndPlayed() throws Exception {
        LiveEncoder.Options options = LiveEncoder.Options.builder().credentials(CREDENTIALS).build();
        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS);
                LiveEncoder encoder = new LiveEncoder(server.baseUrl() + INGEST_PATH, options)) {
            String base = server.baseUrl() + INGEST_PATH;
            long t0 = System.nanoTime();
            encoder.start();
            assertFalse(encoder.commandLine().contains(CREDENTIALS.basicAuthorization()), "credentials are redacted in logs");

            // The multivariant playlist, three media playlists listing >= 3 segments each, and those segments.
            awaitOrFail(server, encoder, s -> liveWindowReady(s, options, 3), Duration.ofSeconds(45),
                    "three media playlists with >= 3 stored segments each");
            System.err.printf("[HarnessSelfTest] live window ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);

            String multivariant = server.get(INGEST_PATH + "channel.m3u8").text();
            assertEquals(3, count(multivariant, "#EXT-X-STREAM-INF"), multivariant);
            for (String res : List.of("RESOLUTION=640x360", "RESOLUTION=480x270", "RESOLUTION=320x180")) {
                assertTrue(multivariant.contains(res), () -> res + " missing in\n" + multivariant);
            }
            assertTrue(multivariant.contains("avc1.") && multivariant.contains("mp4a.40.2"), multivariant);
            for (int i = 0; i < 3; i++) {
                String media = server.get(INGEST_PATH + options.mediaPlaylistName(i)).text();
                assertTrue(media.contains("#EXT-X-TARGETDURATION:2"), media);
                assertTrue(media.contains("#EXT-X-PROGRAM-DATE-TIME:"), media);
                assertTrue(media.contains("#EXT-X-INDEPENDENT-SEGMENTS"), media);
                assertFalse(media.contains("#EXT-X-ENDLIST"), media);
                String first = segmentUris(media).get(0);
                byte[] ts = server.get(INGEST_PATH + first).body();
                assertTrue(ts.length > 0 && ts.length % 188 == 0 && ts[0] == 0x47,
                        () -> first + " is not MPEG-TS (" + ts.length + " bytes)");
            }
            assertEquals(0, server.unauthorizedCount(),
                    () -> "ffmpeg's PUTs were refused: " + server.requestLog().stream()
                            .filter(l -> l.contains(" 401 (")).limit(10).collect(Collectors.toList()));

            // A real decoder: three H.264 renditions and their AAC, through the multivariant playlist.
            long p0 = System.nanoTime();
            JsonNode probe = Ffprobe.probe(base + "channel.m3u8");
            List<JsonNode> video = Ffprobe.streams(probe, "video");
            List<JsonNode> audio = Ffprobe.streams(probe, "audio");
            assertEquals(3, video.size(), probe::toPrettyString);
            assertEquals(3, audio.size(), "one muxed AAC track per rendition\n" + probe.toPrettyString());
            Set<String> sizes = video.stream().map(v -> v.path("width").asInt() + "x" + v.path("height").asInt())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(Set.of("640x360", "480x270", "320x180")), sizes, probe::toPrettyString);
            video.forEach(v -> assertEquals("h264", v.path("codec_name").asText(), v::toPrettyString));
            audio.forEach(a -> {
                assertEquals("aac", a.path("codec_name").asText(), a::toPrettyString);
                assertEquals("48000", a.path("sample_rate").asText(), a::toPrettyString);
                assertEquals(2, a.path("channels").asInt(), a::toPrettyString);
            });
            assertEquals("hls", Ffprobe.formatName(probe));
            long frames = Ffprobe.countFrames(base + options.mediaPlaylistName(2), 3);
            assertTrue(frames >= 50, "decoded only " + frames + " frames from 3 s at 25 fps");
            System.err.printf("[HarnessSelfTest] ffprobe: %d video + %d audio streams, %d frames decoded, %.1f s%n",
                    video.size(), audio.size(), frames, (System.nanoTime() - p0) / 1e9);

            // A real player, while the encoder keeps pushing.
            long b0 = System.nanoTime();
            PlaybackReport report;
            PlaybackReport missing;
            try (BrowserPlayer player = new BrowserPlayer()) {
                System.err.printf("[HarnessSelfTest] Chromium %s up in %.1f s%n", player.browserVersion(),
                        (System.nanoTime() - b0) / 1e9);
                report = player.playHls(server.baseUrl(), base + "channel.m3u8", Duration.ofSeconds(10));
                // The failure path: a manifest that is not there is a fatal error, and the report says so.
                missing = player.playHls(server.baseUrl(), base + "missing.m3u8", Duration.ofSeconds(15));
            }
            System.err.println(report.summary());
            report.assertPlayed(5);
            assertEquals(3, report.levels().size(), report::summary);
            assertTrue(report.decodedFrames() > 100, report::summary);
            assertTrue(report.wasLive(), report::summary);
            assertTrue(report.lastLiveLatency() > 0 && report.lastLiveLatency() < 30, report::summary);
            assertTrue(encoder.isRunning(), encoder::describe);

            assertTrue(missing.hasFatalError(), missing::summary);
            assertTrue(missing.fatalErrors().stream().anyMatch(e -> e.details().equals("manifestLoadError") && e.code() == 404),
                    missing::summary);
            assertTrue(missing.samples().size() < 15, () -> "sampling should stop soon after a fatal error\n" + missing.summary());
            AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> missing.assertPlayed(1));
            assertTrue(refused.getMessage().contains("manifestLoadError"), refused.getMessage());

            encoder.stop();
            assertFalse(encoder.isRunning());
            assertTrue(encoder.encodedSeconds() > 10, encoder::describe);
            // endListOnStop is off by default: a contribution encoder going away does not end the event.
            assertFalse(server.get(INGEST_PATH + options.mediaPlaylistName(0)).text().contains("#EXT-X-ENDLIST"));
            assertEquals(0, server.unauthorizedCount());
            assertTrue(server.requestLog().stream().noneMatch(l -> l.contains(" DELETE ")), "the encoder never deletes");
            System.err.printf("[HarnessSelfTest] whole live test %.1f s, %d files stored%n",
                    (System.nanoTime() - t0) / 1e9, server.paths().size());
        }
    }

    @Test
    @Timeout(90)
    @DisplayName("fMP4, one rendition, timestamp offset, start number, persistent HTTP, -t and ENDLIST")
    void fmp4WithTimestampOffsetAndEndList() throws Exception {
        LiveEncoder.Options options = LiveEncoder.Options.builder()
                .renditions("320x180@200k")
                .segmentType(LiveEncoder.SegmentType.FMP4)
                .credentials(CREDENTIALS)
                .timestampOffsetSeconds(1000)
                .startNumber(100)
                .httpPersistent(true)
                .endListOnStop(true)
                .duration(Duration.ofSeconds(6))
                .build();
        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS);
                LiveEncoder encoder = new LiveEncoder(server.baseUrl() + INGEST_PATH, options)) {
            long t0 = System.nanoTime();
            encoder.start();
            String playlist = INGEST_PATH + options.mediaPlaylistName(0);
            // ffmpeg ends by itself after -t 6; the last segment may still be arriving when the final playlist does.
            awaitOrFail(server, encoder, s -> s.get(playlist) != null && s.get(playlist).text().contains("#EXT-X-ENDLIST")
                    && segmentUris(s.get(playlist).text()).stream().allMatch(uri -> s.get(INGEST_PATH + uri) != null),
                    Duration.ofSeconds(40), playlist + " with #EXT-X-ENDLIST and all its segments");

            System.err.printf("[HarnessSelfTest] fMP4 playlist ended after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String media = server.get(playlist).text();
            assertTrue(media.contains("#EXT-X-MAP:URI=\"" + options.initSegmentName(0) + "\""), media);
            assertTrue(media.contains("#EXT-X-MEDIA-SEQUENCE:100"), media);
            List<String> segments = segmentUris(media);
            assertEquals(options.segmentName(0, 100), segments.get(0), media);
            assertTrue(segments.size() >= 3, media);
            segments.forEach(uri -> assertNotNull(server.get(INGEST_PATH + uri), uri + " not stored"));
            byte[] init = server.get(INGEST_PATH + options.initSegmentName(0)).body();
            assertEquals("ftyp", new String(init, 4, 4, StandardCharsets.US_ASCII), "init segment starts with ftyp");
            assertNotNull(server.get(INGEST_PATH + options.multivariantName()));

            long p0 = System.nanoTime();
            JsonNode probe = Ffprobe.probe(server.baseUrl() + playlist);
            System.err.printf("[HarnessSelfTest] fMP4 ffprobe %.1f s%n", (System.nanoTime() - p0) / 1e9);
            double start = probe.path("format").path("start_time").asDouble();
            assertTrue(start >= 999.0, () -> "timestamp offset not applied, start_time " + start + "\n" + probe.toPrettyString());
            assertEquals(1, Ffprobe.streams(probe, "video").size(), probe::toPrettyString);
            assertEquals(1, Ffprobe.streams(probe, "audio").size(), probe::toPrettyString);
            assertEquals(0, server.unauthorizedCount(), () -> String.join("\n", server.requestLog()));
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("one-file pushes: wrong password and no credentials get 401; Basic and Digest are accepted")
    void singlePushesWithBasicAndDigest() throws Exception {
        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS)) {
            String url = server.baseUrl() + INGEST_PATH + "channel_0_00000.ts";
            byte[] body = new byte[188 * 4];
            body[0] = 0x47;

            HttpResponse<String> wrong = HttpPush.push(url, "PUT", body, Credentials.of("encoder", "wrong"));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Basic ")));
            assertEquals(401, HttpPush.push(url, "PUT", body).statusCode());
            assertEquals(2, server.unauthorizedCount(), "the server saw both refusals");
            assertNull(server.get(INGEST_PATH + "channel_0_00000.ts"), "a refused PUT stores nothing");
            assertEquals(401, HttpPush.pushDigest(url, "PUT", body, Credentials.of("encoder", "wrong")).statusCode());

            assertEquals(201, HttpPush.push(url, "PUT", body, CREDENTIALS).statusCode());
            assertEquals("video/mp2t", server.get(INGEST_PATH + "channel_0_00000.ts").contentType());
            HttpResponse<String> got = HttpPush.push(url, "GET", null);
            assertEquals(200, got.statusCode());
            assertEquals("video/MP2T", got.headers().firstValue("Content-Type").orElse(""));
            assertEquals("*", got.headers().firstValue("Access-Control-Allow-Origin").orElse(""));

            int before = server.unauthorizedCount();
            String playlistUrl = server.baseUrl() + INGEST_PATH + "channel_0.m3u8?x=1";
            HttpResponse<String> digest = HttpPush.pushDigest(playlistUrl, "PUT",
                    "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), CREDENTIALS);
            assertEquals(201, digest.statusCode());
            assertEquals(before + 1, server.unauthorizedCount(), "Digest answered exactly one challenge");
            assertEquals("application/vnd.apple.mpegurl", server.get(INGEST_PATH + "channel_0.m3u8").contentType());

            assertEquals(204, HttpPush.pushDigest(url, "DELETE", null, CREDENTIALS).statusCode());
            assertNull(server.get(INGEST_PATH + "channel_0_00000.ts"));
        }
    }

    @Test
    @Timeout(60)
    @DisplayName("an encoder that cannot reach its ingest exits, and its stderr explains why")
    void unreachableIngestIsReportedWithFfmpegsStderr() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        LiveEncoder.Options options = LiveEncoder.Options.builder().renditions("320x180@200k").audio(false).build();
        try (LiveEncoder encoder = new LiveEncoder("http://127.0.0.1:" + closedPort + INGEST_PATH, options).start()) {
            assertFalse(encoder.awaitEncodedSeconds(30, Duration.ofSeconds(40)), encoder::describe);
            encoder.stop();
            assertFalse(encoder.isRunning());
            assertTrue(encoder.exitStatus().orElse(0) != 0, encoder::describe);
            assertTrue(encoder.recentLog().stream().anyMatch(l -> l.contains("Connection refused")), encoder::describe);
            assertFalse(encoder.commandLine().contains("Authorization"), "no credentials configured, none sent");
        }
    }

    @Test
    @Timeout(150)
    @DisplayName("ffmpeg writes static DASH (2 H.264 renditions + AAC, SegmentTimeline); dash.js and Shaka play it; a missing MPD is fatal")
    void dashIsPlayedByDashJsAndShaka(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        ffmpeg(dir, List.of("-map", "0:v", "-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-s:v:0", "640x360", "-b:v:0", "600k", "-s:v:1", "320x180", "-b:v:1", "200k",
                "-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "96k",
                "-f", "dash", "-seg_duration", "2", "-use_template", "1", "-use_timeline", "1",
                "-adaptation_sets", "id=0,streams=v id=1,streams=a",
                "manifest.mpd"));
        String mpd = Files.readString(dir.resolve("manifest.mpd"));
        assertTrue(mpd.contains("type=\"static\"") && mpd.contains("<SegmentTimeline>"), mpd);
        assertTrue(mpd.contains("avc1.") && mpd.contains("mp4a.40.2"), mpd);
        System.err.printf("[HarnessSelfTest] DASH written in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS)) {
            String prefix = "/out/v1/vod/dash/";
            int files = publish(server, dir, prefix);
            String url = server.baseUrl() + prefix + "manifest.mpd";
            long b0 = System.nanoTime();
            try (BrowserPlayer player = new BrowserPlayer()) {
                PlaybackReport dash = player.playDash(server.baseUrl(), url, Duration.ofSeconds(10));
                System.err.println(dash.summary());
                PlaybackReport shaka = player.playShaka(server.baseUrl(), url, Duration.ofSeconds(10));
                System.err.println(shaka.summary());
                PlaybackReport dashMissing = player.playDash(server.baseUrl(), server.baseUrl() + prefix + "missing.mpd",
                        Duration.ofSeconds(15));
                PlaybackReport shakaMissing = player.playShaka(server.baseUrl(), server.baseUrl() + prefix + "missing.mpd",
                        Duration.ofSeconds(15));
                System.err.printf("[HarnessSelfTest] %d DASH files; dash.js, Shaka and two failures in %.1f s%n", files,
                        (System.nanoTime() - b0) / 1e9);

                for (PlaybackReport r : List.of(dash, shaka)) {
                    r.assertPlayed(5);
                    assertEquals(2, r.levels().size(), r::summary);
                    assertTrue(r.levels().stream().anyMatch(l -> l.width() == 640 && l.height() == 360), r::summary);
                    assertTrue(r.decodedFrames() > 100, r::summary);
                    assertFalse(r.wasLive(), r::summary);
                    assertTrue(Double.isNaN(r.lastLiveLatency()), r::summary);
                    assertFalse(r.lastSample().buffered().isEmpty(), r::summary);
                    assertTrue(r.currentTimeAdvance() > 4, r::summary);
                }
                assertEquals("dash.js", dash.player());
                assertEquals("shaka", shaka.player());

                for (PlaybackReport r : List.of(dashMissing, shakaMissing)) {
                    System.err.println(r.summary());
                    assertTrue(r.hasFatalError(), r::summary);
                    assertTrue(r.fatalErrors().stream().anyMatch(e -> e.code() == 404), r::summary);
                    assertTrue(r.samples().size() < 15, () -> "sampling should stop soon after a fatal error\n" + r.summary());
                    assertThrows(AssertionError.class, () -> r.assertPlayed(1));
                }
                assertTrue(shakaMissing.fatalErrors().stream().anyMatch(e -> e.details().startsWith("BAD_HTTP_STATUS")),
                        shakaMissing::summary);
            }
        }
    }

    @Test
    @Timeout(150)
    @DisplayName("ffmpeg pushes live DASH (dynamic MPD, SegmentTimeline); dash.js and Shaka play it and report their live latency")
    void liveDashIsPlayedWithLiveLatency() throws Exception {
        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS)) {
            String prefix = "/in/v1/live-dash/1/";
            String authority = server.baseUrl().replace("http://", "http://" + CREDENTIALS.username() + ":"
                    + CREDENTIALS.password() + "@");
            List<String> cmd = List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                    "-re", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                    "-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "60",
                    "-map", "0:v", "-map", "1:a",
                    "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "main",
                    "-pix_fmt", "yuv420p", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:v", "200k",
                    "-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "96k",
                    "-f", "dash", "-seg_duration", "2", "-use_template", "1", "-use_timeline", "1",
                    "-window_size", "6", "-extra_window_size", "2", "-streaming", "0",
                    "-method", "PUT", "-http_opts", "auth_type=basic",
                    authority + prefix + "manifest.mpd");
            Process ffmpeg = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long t0 = System.nanoTime();
                String mpdPath = prefix + "manifest.mpd";
                boolean ready = server.await(s -> s.get(mpdPath) != null && s.get(mpdPath).text().contains("type=\"dynamic\"")
                        && s.paths().stream().filter(p -> p.startsWith(prefix + "chunk-stream0-")).count() >= 3,
                        Duration.ofSeconds(40));
                assertTrue(ready, () -> "no live DASH window: " + server.paths() + "\n" + ffmpeg.info());
                System.err.printf("[HarnessSelfTest] live DASH window ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                String url = server.baseUrl() + mpdPath;
                try (BrowserPlayer player = new BrowserPlayer()) {
                    for (PlaybackReport r : List.of(player.playDash(server.baseUrl(), url, Duration.ofSeconds(10)),
                            player.playShaka(server.baseUrl(), url, Duration.ofSeconds(10)))) {
                        System.err.println(r.summary());
                        r.assertPlayed(5);
                        assertTrue(r.wasLive(), r::summary);
                        double latency = r.lastLiveLatency();
                        assertTrue(latency > 0 && latency < 30, () -> "live latency " + latency + "\n" + r.summary());
                    }
                }
                assertTrue(ffmpeg.isAlive(), "the encoder kept running");
                assertEquals(0, server.unauthorizedCount(), () -> String.join("\n", server.requestLog()));
            } finally {
                ffmpeg.destroy();
                if (!ffmpeg.waitFor(10, TimeUnit.SECONDS)) {
                    ffmpeg.destroyForcibly();
                }
            }
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("ffmpeg writes Smooth Streaming (Manifest + QualityLevels/Fragments); dash.js with dash.mss plays it")
    void smoothStreamingIsPlayedByDashJsMss(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        ffmpeg(dir, List.of("-map", "0:v", "-map", "1:a",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-s:v", "640x360", "-b:v", "600k",
                "-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "96k",
                "-f", "smoothstreaming", "-window_size", "0", "-min_frag_duration", "2000000",
                "mss"));
        Path mss = dir.resolve("mss");
        String written = Files.readString(mss.resolve("Manifest"));
        String manifest = addFirstChunkTimes(written, mss);
        Files.writeString(mss.resolve("Manifest"), manifest);
        assertTrue(manifest.contains("<SmoothStreamingMedia") && manifest.contains("FourCC=\"H264\"")
                && manifest.contains("FourCC=\"AACL\""), manifest);
        assertTrue(manifest.contains("<c n=\"0\" t=\""), manifest);
        System.err.printf("[HarnessSelfTest] MSS written in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        try (InMemoryIngestServer server = new InMemoryIngestServer(CREDENTIALS)) {
            String prefix = "/out/v1/vod/mss.isml/";
            int files = publish(server, mss, prefix);
            long b0 = System.nanoTime();
            PlaybackReport report;
            PlaybackReport missing;
            try (BrowserPlayer player = new BrowserPlayer()) {
                report = player.playMss(server.baseUrl(), server.baseUrl() + prefix + "Manifest", Duration.ofSeconds(10));
                missing = player.playMss(server.baseUrl(), server.baseUrl() + "/out/v1/vod/none.isml/Manifest",
                        Duration.ofSeconds(15));
            }
            System.err.printf("[HarnessSelfTest] %d MSS files; dash.js-mss and a failure in %.1f s%n", files,
                    (System.nanoTime() - b0) / 1e9);
            System.err.println(report.summary());
            report.assertPlayed(5);
            assertEquals("dash.js-mss", report.player());
            assertEquals(1, report.levels().size(), report::summary);
            assertTrue(report.decodedFrames() > 100, report::summary);
            assertTrue(server.requestLog().stream().anyMatch(l -> l.contains("/QualityLevels(600000)/Fragments(video=")),
                    () -> String.join("\n", server.requestLog()));
            System.err.println(missing.summary());
            assertTrue(missing.hasFatalError(), missing::summary);
            assertTrue(missing.fatalErrors().stream().anyMatch(e -> e.code() == 404), missing::summary);
        }
    }

    // ---- helpers ----

    /**
     * Runs ffmpeg in {@code dir} on 12 s of test pattern (640x360, 25 fps) and tone (48 kHz), the
     * inputs 0 and 1; {@code outputArgs} map them and name the output.
     */
    private static void ffmpeg(Path dir, List<String> outputArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "12"));
        cmd.addAll(outputArgs);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("ffmpeg failed: " + String.join(" ", cmd) + "\n" + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** PUTs every file under {@code dir} to {@code server} at {@code prefix + relative path}; returns the count. */
    private static int publish(InMemoryIngestServer server, Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rel = dir.relativize(f).toString().replace(java.io.File.separatorChar, '/');
            HttpResponse<String> r = HttpPush.push(server.baseUrl() + prefix + rel, "PUT", Files.readAllBytes(f), CREDENTIALS);
            assertTrue(r.statusCode() == 201 || r.statusCode() == 204, () -> rel + ": HTTP " + r.statusCode());
        }
        assertFalse(files.isEmpty(), "nothing written in " + dir);
        return files.size();
    }

    /**
     * ffmpeg's smoothstreaming muxer names each fragment by its real start time (video starts at
     * 0.08 s after B-frame reordering, audio at 0.0587 s after AAC priming) but writes the final
     * (VOD) manifest's chunks as {@code <c n="…" d="…"/>} without {@code t}, which [MS-SSTR] reads
     * as starting at 0, so a client asks for {@code Fragments(video=0)}: a 404. This adds the real
     * start time to the first chunk of each StreamIndex (as ffmpeg's live manifests do), taken from
     * the smallest {@code Fragments(type=N)} file name in the first QualityLevel's folder.
     */
    static String addFirstChunkTimes(String manifest, Path dir) throws IOException {
        Matcher m = Pattern.compile("(?s)<StreamIndex Type=\"(\\w+)\".*?</StreamIndex>").matcher(manifest);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String block = m.group();
            String type = m.group(1);
            Matcher bitrate = Pattern.compile("Bitrate=\"(\\d+)\"").matcher(block);
            if (bitrate.find() && !block.contains("<c n=\"0\" t=")) {
                Path folder = dir.resolve("QualityLevels(" + bitrate.group(1) + ")");
                Pattern name = Pattern.compile("Fragments\\(" + Pattern.quote(type) + "=(\\d+)\\)");
                long first;
                try (Stream<Path> list = Files.list(folder)) {
                    first = list.map(p -> name.matcher(p.getFileName().toString()))
                            .filter(Matcher::matches).mapToLong(x -> Long.parseLong(x.group(1))).min()
                            .orElseThrow(() -> new AssertionError("no " + type + " fragments in " + folder));
                }
                block = block.replaceFirst("<c n=\"0\" ", "<c n=\"0\" t=\"" + first + "\" ");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(block));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean liveWindowReady(InMemoryIngestServer s, LiveEncoder.Options o, int minSegments) {
        if (s.get(INGEST_PATH + o.multivariantName()) == null) {
            return false;
        }
        for (int i = 0; i < o.renditions().size(); i++) {
            InMemoryIngestServer.Stored playlist = s.get(INGEST_PATH + o.mediaPlaylistName(i));
            if (playlist == null) {
                return false;
            }
            List<String> segments = segmentUris(playlist.text());
            if (segments.size() < minSegments
                    || segments.stream().anyMatch(uri -> s.get(INGEST_PATH + uri) == null)) {
                return false;
            }
        }
        return true;
    }

    private static void awaitOrFail(InMemoryIngestServer server, LiveEncoder encoder,
            java.util.function.Predicate<InMemoryIngestServer> condition, Duration timeout, String what)
            throws InterruptedException {
        if (!server.await(condition, timeout)) {
            List<String> log = server.requestLog();
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + "\nstored: " + server.paths()
                    + "\nlast requests: " + log.subList(Math.max(0, log.size() - 20), log.size())
                    + "\n" + encoder.describe());
        }
    }

    static List<String> segmentUris(String playlist) {
        return playlist.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
