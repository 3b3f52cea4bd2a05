package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Credentials;
import dev.fount.origin.e2e.Ffprobe;
import dev.fount.origin.e2e.HttpPush;
import dev.fount.origin.e2e.LiveEncoder;
import dev.fount.origin.e2e.PlaybackReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The live HLS path with real parts, on examples/live/ as it is: ffmpeg pushes a 3-rendition
 * ladder to the Channel "live" over HTTP PUT with basic credentials, the origin packages it
 * on the OriginEndpoint "live-hls", ffprobe reads it and hls.js in Chromium plays it; bad
 * uploads are refused while it plays; an encoder restart becomes a discontinuity.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveHlsEndToEndTest {

    static final Credentials GOOD = Credentials.of("encoder", "change-me-please");

    @TestHTTPResource("/")
    URL root;

    static LiveEncoder encoder;

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    String ingest() {
        return base() + "/in/v1/live/1/";
    }

    String hls() {
        return base() + "/out/v1/live/live-hls/index.m3u8";
    }

    @AfterAll
    static void stopEncoder() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndStoresNothing() {
        HttpResponse<String> r = HttpPush.push(ingest() + "channel_0.m3u8", "PUT",
                "#EXTM3U\n#EXTINF:2,\nx.ts\n".getBytes(StandardCharsets.UTF_8), Credentials.of("encoder", "guess"));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().allValues("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Digest ")), r.headers().toString());
        HttpResponse<String> none = HttpPush.send(ingest() + "channel_0.m3u8", "PUT", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), java.util.Map.of());
        assertEquals(401, none.statusCode());
        HttpResponse<String> egress = HttpPush.send(hls(), "GET", null, java.util.Map.of());
        assertEquals(404, egress.statusCode());
        assertTrue(egress.body().contains("no media yet"), egress.body());
    }

    @Test
    @Order(2)
    void digestAuthenticationWorksWithCurlIncludingAChunkedUpload() throws Exception {
        // curl answers the digest challenge itself: an independent client, not our own code.
        Path playlist = Files.createTempFile("digest", ".m3u8");
        Files.writeString(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg.ts\n");
        List<String> fixed = curl("--digest", "-u", GOOD.username() + ":" + GOOD.password(), "-T", playlist.toString(),
                ingest() + "digest-check/fixed.m3u8");
        assertEquals("201", fixed.get(0), String.join("\n", fixed));
        // Chunked transfer encoding: the body comes from stdin, length unknown.
        List<String> chunked = curlWithStdin(Files.readAllBytes(playlist), "--digest", "-u", GOOD.username() + ":" + GOOD.password(),
                "-H", "Transfer-Encoding: chunked", "-T", "-", ingest() + "digest-check/chunked.m3u8");
        assertEquals("201", chunked.get(0), String.join("\n", chunked));
        List<String> wrong = curl("--digest", "-u", GOOD.username() + ":nope", "-T", playlist.toString(), ingest() + "digest-check/wrong.m3u8");
        assertEquals("401", wrong.get(0), String.join("\n", wrong));

        // A large segment (4 s of 1080p at 50 Mb/s, about 25 MB), chunked, through digest: stored and probed.
        Path large = Files.createTempFile("large", ".ts");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25", "-t", "4",
                "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "50M", "-minrate", "50M", "-maxrate", "50M", "-bufsize", "50M",
                "-f", "mpegts", large.toString()).redirectErrorStream(true).start();
        assertEquals(0, ffmpeg.waitFor(), new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(Files.size(large) > 15_000_000, "large enough: " + Files.size(large));
        List<String> big = curlWithStdin(Files.readAllBytes(large), "--digest", "-u", GOOD.username() + ":" + GOOD.password(),
                "-H", "Transfer-Encoding: chunked", "-T", "-", ingest() + "digest-check/large.ts");
        assertEquals("201", big.get(0), String.join("\n", big));
    }

    @Test
    @Order(3)
    void ffmpegLadderIsPackagedReadByFfprobeAndPlayedByHlsJsWhileBadUploadsAreRefused() throws Exception {
        encoder = new LiveEncoder(ingest(), LiveEncoder.Options.builder().credentials(GOOD).segmentSeconds(2).build()).start();
        String multivariant = await(hls(), body -> body.contains("#EXT-X-STREAM-INF") && count(body, "#EXT-X-STREAM-INF") == 3,
                Duration.ofSeconds(45));

        // RFC 8216 multivariant: every variant with bandwidths, codecs, resolution and frame rate, its audio
        // in the one EXT-X-MEDIA group (useAudioRenditionGroup in the example); the I-frame stream.
        for (String line : lines(multivariant, "#EXT-X-STREAM-INF:")) {
            assertTrue(line.matches("#EXT-X-STREAM-INF:BANDWIDTH=\\d+,AVERAGE-BANDWIDTH=\\d+,CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\",RESOLUTION=\\d+x\\d+,FRAME-RATE=25\\.000,AUDIO=\"audio\""), line);
        }
        assertEquals(List.of("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"index_a1.m3u8\""),
                lines(multivariant, "#EXT-X-MEDIA:"));
        assertEquals(1, count(multivariant, "#EXT-X-I-FRAME-STREAM-INF:"), multivariant);
        List<Long> bandwidths = lines(multivariant, "#EXT-X-STREAM-INF:").stream()
                .map(l -> Long.parseLong(l.replaceAll(".*BANDWIDTH=(\\d+),AVERAGE.*", "$1"))).toList();
        assertTrue(bandwidths.get(0) > bandwidths.get(1) && bandwidths.get(1) > bandwidths.get(2),
                "examples/live/endpoint-hls.yaml orders by video bitrate, descending: " + bandwidths);

        // A player joining an established stream: at least three segments in the playlist.
        String media = await(base() + "/out/v1/live/live-hls/index_1.m3u8", body -> count(body, "#EXTINF:") >= 3, Duration.ofSeconds(45));
        assertTrue(media.contains("#EXT-X-TARGETDURATION:6\n"), media);
        for (String l : lines(media, "#EXTINF:")) {
            double d = Double.parseDouble(l.substring(8, l.indexOf(',')));
            assertTrue(Math.abs(d - 6.0) < 0.1 || d < 6.0, "6 s segments joined from 2 s input: " + l);
        }

        // The I-frame playlist: its first map and key frame, fetched with Range requests, decode as one frame.
        String iframes = HttpPush.send(base() + "/out/v1/live/live-hls/index_1_iframe.m3u8", "GET", null, java.util.Map.of()).body();
        assertTrue(iframes.contains("#EXT-X-I-FRAMES-ONLY"), iframes);
        Path keyFrame = Files.createTempFile("iframe", ".ts");
        String map = lines(iframes, "#EXT-X-MAP:").get(0);
        String uri = map.replaceAll(".*URI=\"([^\"]+)\".*", "$1");
        Files.write(keyFrame, range(uri, map.replaceAll(".*BYTERANGE=\"([^\"]+)\".*", "$1")));
        Files.write(keyFrame, range(uri, lines(iframes, "#EXT-X-BYTERANGE:").get(0).substring("#EXT-X-BYTERANGE:".length())),
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals("1", Ffprobe.runRaw(List.of("-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", keyFrame.toString()), Duration.ofSeconds(20)).strip().split("\\s+")[0]);

        // Variant segments carry only video, the audio rendition's only audio.
        String audio = await(base() + "/out/v1/live/live-hls/index_a1.m3u8", body -> count(body, "#EXTINF:") >= 1, Duration.ofSeconds(10));
        String videoSegment = lines(media, "index_1v_").get(0);
        String audioSegment = lines(audio, "index_a1_").get(0);
        assertEquals("video", probeTypes(videoSegment));
        assertEquals("audio", probeTypes(audioSegment));

        JsonNode probe = Ffprobe.probe(hls());
        assertTrue(Ffprobe.streams(probe, "video").stream().anyMatch(s -> s.path("codec_name").asText().equals("h264")), probe.toString());
        assertTrue(Ffprobe.streams(probe, "audio").stream().anyMatch(s -> s.path("codec_name").asText().equals("aac")), probe.toString());

        try (BrowserPlayer player = new BrowserPlayer()) {
            CompletableFuture<PlaybackReport> playing = CompletableFuture.supplyAsync(() -> player.playHls(base(), hls(), Duration.ofSeconds(28)));
            Thread.sleep(8000);
            // While it plays: a wrong password and a corrupt segment are refused; nothing breaks.
            assertEquals(401, HttpPush.push(ingest() + "channel_0_99999.ts", "PUT", new byte[188], Credentials.of("x", "y")).statusCode());
            byte[] corrupt = new byte[188 * 10 + 17];
            Arrays.fill(corrupt, (byte) 0x47);
            HttpResponse<String> refused = HttpPush.push(ingest() + "channel_0_99998.ts", "PUT", corrupt, GOOD);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("channel_0_99998.ts"), refused.body());
            PlaybackReport report = playing.get(90, TimeUnit.SECONDS);
            report.assertPlayed(20);
        }
    }

    @Test
    @Order(4)
    void anEncoderRestartBecomesADiscontinuityAndPlaybackContinues() throws Exception {
        try (BrowserPlayer player = new BrowserPlayer()) {
            CompletableFuture<PlaybackReport> playing = CompletableFuture.supplyAsync(() -> player.playHls(base(), hls(), Duration.ofSeconds(40)));
            Thread.sleep(6000);
            encoder.stop();
            // The restarted encoder's clock is an hour ahead: a timestamp jump.
            encoder = new LiveEncoder(ingest(), LiveEncoder.Options.builder().credentials(GOOD).segmentSeconds(2)
                    .timestampOffsetSeconds(3600).build()).start();
            String media = await(base() + "/out/v1/live/live-hls/index_1.m3u8", body -> body.contains("#EXT-X-DISCONTINUITY\n"),
                    Duration.ofSeconds(40));
            assertTrue(media.contains("#EXT-X-DISCONTINUITY"), media);
            PlaybackReport report = playing.get(120, TimeUnit.SECONDS);
            report.assertPlayed(25);
        }
    }

    @Test
    @Order(5)
    void cdnAndBrowserHeaders() {
        java.util.Map<String, String> fromAPage = java.util.Map.of("Origin", "https://player.example.com");
        HttpResponse<String> playlist = HttpPush.send(hls(), "GET", null, fromAPage);
        assertEquals("max-age=1", playlist.headers().firstValue("Cache-Control").orElse(""), "playlists change every segment");
        assertEquals("application/vnd.apple.mpegurl", playlist.headers().firstValue("Content-Type").orElse(""));
        assertTrue(playlist.headers().firstValue("Access-Control-Allow-Origin").isPresent(), playlist.headers().toString());
        String media = HttpPush.send(base() + "/out/v1/live/live-hls/index_1.m3u8", "GET", null, java.util.Map.of()).body();
        HttpResponse<String> segment = HttpPush.send(base() + "/out/v1/live/live-hls/" + lines(media, "index_1v_").get(0), "GET", null, fromAPage);
        assertEquals("max-age=86400", segment.headers().firstValue("Cache-Control").orElse(""), "complete segments never change");
        assertEquals("video/mp2t", segment.headers().firstValue("Content-Type").orElse(""));
        assertTrue(segment.headers().firstValue("Access-Control-Allow-Origin").isPresent(), segment.headers().toString());
    }

    @Test
    @Order(5)
    void requestsForWhatDoesNotExistSayWhy() {
        HttpResponse<String> future = HttpPush.send(base() + "/out/v1/live/live-hls/index_1_999999999999.ts", "GET", null, java.util.Map.of());
        assertEquals(404, future.statusCode(), future.body());
        HttpResponse<String> unknown = HttpPush.send(base() + "/out/v1/live/nope/index.m3u8", "GET", null, java.util.Map.of());
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("has no endpoint nope"), unknown.body());
    }

    @Test
    @Order(6)
    void thePreviewPageListsTheChannelAndServesItsPlayer() {
        HttpResponse<String> page = HttpPush.send(base() + "/", "GET", null, java.util.Map.of());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/out/v1/live/live-hls/index.m3u8"), page.body());
        assertTrue(page.body().contains("serving ingest endpoint 1"), page.body());
        assertTrue(page.body().contains("<script src=\"/player/hls.min.js\">"), page.body());
        HttpResponse<String> player = HttpPush.send(base() + "/player/hls.min.js", "GET", null, java.util.Map.of());
        assertEquals(200, player.statusCode());
        assertTrue(player.body().length() > 100_000, "hls.js is served");
    }

    /**
     * Time-shift: a start/end window of the archive as a VOD playlist (its media playlists carry the
     * window), played by hls.js; the same window of the DASH endpoint as the HLS a harvest reads;
     * windows outside the archive and bad parameters refused with the reason.
     */
    @Test
    @Order(7)
    void startAndEndGiveAWindowOfTheArchive() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        String start = now.minusSeconds(50).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String end = now.minusSeconds(14).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String query = "?start=" + start + "&end=" + end;
        String multivariant = HttpPush.send(hls() + query, "GET", null, java.util.Map.of()).body();
        List<String> uris = multivariant.lines().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(3, uris.size(), multivariant);
        assertTrue(uris.stream().allMatch(u -> u.endsWith(".m3u8?start=" + java.net.URLEncoder.encode(start, StandardCharsets.UTF_8)
                + "&end=" + java.net.URLEncoder.encode(end, StandardCharsets.UTF_8))), multivariant);
        String media = HttpPush.send(base() + "/out/v1/live/live-hls/" + uris.get(0), "GET", null, java.util.Map.of()).body();
        assertTrue(media.contains("#EXT-X-PLAYLIST-TYPE:VOD\n") && media.endsWith("#EXT-X-ENDLIST\n"), media);
        double seconds = lines(media, "#EXTINF:").stream().mapToDouble(l -> Double.parseDouble(l.substring(8, l.indexOf(',')))).sum();
        assertTrue(seconds >= 36 - 0.1 && seconds <= 36 + 12 + 0.1, "36 s asked, whole 6 s segments around it: " + seconds + "\n" + media);

        try (BrowserPlayer player = new BrowserPlayer()) {
            PlaybackReport report = player.playHls(base(), hls() + query, Duration.ofSeconds(25));
            report.assertPlayed(20);
            assertFalse(report.wasLive(), "a window that has ended is VOD: " + report.summary());
        }

        // What a harvest of the DASH endpoint reads: HLS over MPEG-TS, ended, of the same length.
        String harvest = base() + "/harvest/v1/live/live-dash/index.m3u8" + query;
        HttpResponse<String> source = HttpPush.send(harvest, "GET", null, java.util.Map.of());
        assertEquals(200, source.statusCode(), source.body());
        JsonNode probe = Ffprobe.probe(harvest);
        double duration = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(duration - 36) <= 8, "harvest source lasts about the window: " + duration);

        HttpResponse<String> outside = HttpPush.send(hls() + "?start=2020-01-01T00:00:00Z&end=2020-01-01T00:10:00Z", "GET", null, java.util.Map.of());
        assertEquals(400, outside.statusCode(), outside.body());
        assertTrue(outside.body().contains("outside the available range"), outside.body());
        HttpResponse<String> bad = HttpPush.send(hls() + "?start=yesterday", "GET", null, java.util.Map.of());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("start=yesterday"), bad.body());
        HttpResponse<String> unfinished = HttpPush.send(base() + "/harvest/v1/live/live-hls/index.m3u8?start=" + start + "&end="
                + now.plusSeconds(600), "GET", null, java.util.Map.of());
        assertEquals(400, unfinished.statusCode(), unfinished.body());
    }

    /**
     * Harvest end to end: the {@code harvest} command cuts 30 s of the live channel (through the DASH
     * endpoint: any packager's media can be harvested) into a real S3 API; the clip read back is
     * decoded by ffprobe with the right length and played by hls.js; a range outside the window
     * fails with one line and writes nothing.
     */
    @Test
    @Order(8)
    void harvestCutsAClipIntoS3() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        String start = now.minusSeconds(45).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String end = now.minusSeconds(15).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try (dev.fount.origin.e2e.InProcessS3 s3 = new dev.fount.origin.e2e.InProcessS3()) {
            s3.client().createBucket(b -> b.bucket("clips"));
            java.util.Map<String, String> env = java.util.Map.of("AWS_ACCESS_KEY_ID", dev.fount.origin.e2e.InProcessS3.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", dev.fount.origin.e2e.InProcessS3.SECRET_KEY);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int exit = dev.fount.origin.harvest.HarvestCommand.run(List.of("--origin", base(), "--channel", "live", "--endpoint", "live-dash",
                    "--start", start, "--end", end, "--destination", "s3://clips/match/clip/index.m3u8",
                    "--s3-endpoint", s3.endpoint().toString()), env, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));

            // Read the clip back from S3 and serve it over HTTP, as a CDN in front of the bucket would, for the player.
            Path clip = Files.createTempDirectory("clip");
            for (var o : s3.client().listObjectsV2Paginator(b -> b.bucket("clips").prefix("match/clip/")).contents()) {
                Files.write(clip.resolve(o.key().substring("match/clip/".length())),
                        s3.client().getObjectAsBytes(b -> b.bucket("clips").key(o.key())).asByteArray());
            }
            String multivariant = Files.readString(clip.resolve("index.m3u8"));
            assertTrue(multivariant.contains("#EXT-X-STREAM-INF"), multivariant);
            JsonNode probe = Ffprobe.probe(clip.resolve("index.m3u8").toString());
            double duration = probe.path("format").path("duration").asDouble();
            assertTrue(Math.abs(duration - 30) <= 6, "a 30 s clip, within one 6 s segment: " + duration);
            assertTrue(Ffprobe.streams(probe, "video").stream().anyMatch(x -> x.path("codec_name").asText().equals("h264")), probe.toString());
            assertTrue(Ffprobe.streams(probe, "audio").stream().anyMatch(x -> x.path("codec_name").asText().equals("aac")), probe.toString());
            com.sun.net.httpserver.HttpServer cdn = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            cdn.createContext("/", x -> {
                Path file = clip.resolve(x.getRequestURI().getPath().substring(1)).normalize();
                if (!file.startsWith(clip) || !Files.isRegularFile(file)) {
                    x.sendResponseHeaders(404, -1);
                    x.close();
                    return;
                }
                byte[] body = Files.readAllBytes(file);
                x.getResponseHeaders().add("Content-Type", file.toString().endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t");
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            cdn.start();
            try (BrowserPlayer player = new BrowserPlayer()) {
                // The page comes from the CDN's origin too: Chromium refuses a page's cross-origin requests to loopback.
                String cdnBase = "http://localhost:" + cdn.getAddress().getPort();
                PlaybackReport report = player.playHls(cdnBase, cdnBase + "/index.m3u8", Duration.ofSeconds(25));
                report.assertPlayed(20);
                assertFalse(report.wasLive(), report.summary());
            } finally {
                cdn.stop(0);
            }

            java.io.ByteArrayOutputStream refusal = new java.io.ByteArrayOutputStream();
            int failed = dev.fount.origin.harvest.HarvestCommand.run(List.of("--origin", base(), "--channel", "live", "--endpoint", "live-hls",
                    "--start", "2020-01-01T00:00:00Z", "--end", "2020-01-01T00:01:00Z", "--destination", "s3://clips/old/index.m3u8",
                    "--s3-endpoint", s3.endpoint().toString()), env, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                    new java.io.PrintStream(refusal, true, StandardCharsets.UTF_8));
            String message = refusal.toString(StandardCharsets.UTF_8).strip();
            assertEquals(1, failed, message);
            assertTrue(message.startsWith("harvest failed: ") && message.contains("outside the available range") && !message.contains("\n"), message);
            assertEquals(0, s3.client().listObjectsV2(b -> b.bucket("clips").prefix("old/")).keyCount(), "nothing written");
        }
    }

    // --- helpers

    /** The codec types ffprobe finds in a segment of live-hls, comma-separated. */
    String probeTypes(String segment) {
        JsonNode p = Ffprobe.probe(base() + "/out/v1/live/live-hls/" + segment);
        List<String> types = new ArrayList<>();
        p.path("streams").forEach(st -> types.add(st.path("codec_type").asText()));
        return String.join(",", types);
    }

    /** The bytes of an HLS byte range ("length@offset") of a segment of live-hls, fetched with a Range request. */
    byte[] range(String uri, String lengthAtOffset) {
        String[] lo = lengthAtOffset.split("@");
        long offset = Long.parseLong(lo[1]);
        long length = Long.parseLong(lo[0]);
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base() + "/out/v1/live/live-hls/" + uri)).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, response.statusCode());
            assertEquals(length, response.body().length);
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String await(String url, Predicate<String> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HttpPush.send(url, "GET", null, java.util.Map.of());
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && ready.test(r.body())) {
                return r.body();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready after " + timeout + ": " + url + " answered " + last
                + (encoder == null ? "" : "\nencoder: " + encoder.describe()));
    }

    static List<String> lines(String text, String prefix) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith(prefix)).toList();
    }

    static long count(String text, String prefix) {
        return lines(text, prefix).size();
    }

    /** Runs curl; the first element is the HTTP status, the rest is its output. */
    static List<String> curl(String... args) throws IOException, InterruptedException {
        return curlWithStdin(null, args);
    }

    static List<String> curlWithStdin(byte[] stdin, String... args) throws IOException, InterruptedException {
        Path body = Files.createTempFile("curl", ".out");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-o", body.toString(), "-w", "%{http_code}"));
        command.add("-v");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        String status = out.length() >= 3 ? out.substring(out.length() - 3) : out;
        return List.of(status, String.join(" ", command), out, Files.readString(body));
    }
}
