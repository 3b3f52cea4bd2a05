package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;

import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Credentials;
import dev.fount.origin.e2e.Ffprobe;
import dev.fount.origin.e2e.LiveEncoder;
import dev.fount.origin.e2e.PlaybackReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The fMP4 endpoints of examples/live/ with real parts: ffmpeg pushes a three-rendition ladder
 * of MPEG-TS to the Channel "live"; the origin remuxes it on request to DASH ("live-dash"), CMAF
 * HLS ("live-cmaf", two manifests) and Smooth Streaming ("live-mss"); ffprobe decodes what it
 * serves; dash.js and Shaka play the DASH endpoint, hls.js each CMAF manifest, dash.js the
 * Smooth Streaming one.
 */
@QuarkusTest
@TestProfile(LiveFmp4EndToEndTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveFmp4EndToEndTest {

    /** examples/live/ as it is, in an origin of its own: a fresh timeline, whatever ran before. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "../examples/live", "fount.data.dir", "target/fount-data-fmp4/${quarkus.uuid}");
        }
    }

    static final Credentials GOOD = Credentials.of("encoder", "change-me-please");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration WATCH = Duration.ofSeconds(28);

    @TestHTTPResource("/")
    URL root;

    static LiveEncoder encoder;

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    String out(String endpointAndFile) {
        return base() + "/out/v1/live/" + endpointAndFile;
    }

    /** What the encoder pushes: MPEG-TS here; {@link LiveFmp4IngestEndToEndTest} runs the same tests on fMP4 ingest. */
    LiveEncoder.SegmentType ingest() {
        return LiveEncoder.SegmentType.TS;
    }

    LiveEncoder.Builder encoderOptions() {
        return LiveEncoder.Options.builder().credentials(GOOD).segmentSeconds(2).segmentType(ingest());
    }

    @AfterAll
    static void stopEncoder() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    @Order(1)
    void dashManifestDescribesTheLadderAndItsSegmentsDecode() throws Exception {
        encoder = new LiveEncoder(base() + "/in/v1/live/1/", encoderOptions().build()).start();
        // Enough media that a player joining 25 s behind live (suggestedPresentationDelay) has some.
        String mpd = await(out("live-dash/index.mpd"), body -> body.contains("<S ") && segmentsOf(body) >= 5, Duration.ofSeconds(60));
        Document doc = xml(mpd);
        Element root = doc.getDocumentElement();
        assertEquals("dynamic", root.getAttribute("type"), mpd);
        assertEquals("PT60S", root.getAttribute("timeShiftBufferDepth"), mpd);
        assertEquals("PT25S", root.getAttribute("suggestedPresentationDelay"), mpd);
        Element utc = (Element) doc.getElementsByTagName("UTCTiming").item(0);
        assertEquals("urn:mpeg:dash:utc:http-iso:2014", utc.getAttribute("schemeIdUri"), mpd);
        Instant served = Instant.parse(get(utc.getAttribute("value")).body().strip());
        assertTrue(Duration.between(served, Instant.now()).abs().toSeconds() < 5, "the timing URL tells the time: " + served);

        List<Element> sets = elements(doc, "AdaptationSet");
        Element video = sets.stream().filter(s -> "video/mp4".equals(s.getAttribute("mimeType"))).findFirst().orElseThrow(() -> new AssertionError(mpd));
        Element audio = sets.stream().filter(s -> "audio/mp4".equals(s.getAttribute("mimeType"))).findFirst().orElseThrow(() -> new AssertionError(mpd));
        List<Element> videoReps = children(video, "Representation");
        assertEquals(3, videoReps.size(), mpd);
        for (Element r : videoReps) {
            assertTrue(r.getAttribute("codecs").matches("avc1\\.[0-9a-f]{6}"), r.getAttribute("codecs"));
            assertTrue(Integer.parseInt(r.getAttribute("width")) > 0 && Integer.parseInt(r.getAttribute("bandwidth")) > 0, mpd);
        }
        Element audioRep = children(audio, "Representation").get(0);
        assertEquals("mp4a.40.2", audioRep.getAttribute("codecs"), mpd);
        assertEquals("48000", audioRep.getAttribute("audioSamplingRate"), mpd);

        // The first video and the audio Representation: init + one media segment decode, and hold
        // as many frames as the timeline says the segment lasts.
        Segment v = segment(videoReps.get(0));
        Path videoFile = download("video", v.init(), v.media());
        long frames = framesOf(videoFile, "v");
        assertEquals(Math.round(v.duration() / 90000.0 * 25), frames, "frames in " + v.media() + " (d=" + v.duration() + ")");
        JsonNode videoProbe = Ffprobe.probe(videoFile.toString());
        assertEquals("h264", Ffprobe.streams(videoProbe, "video").get(0).path("codec_name").asText(), videoProbe.toString());
        assertEquals(v.time(), Math.round(videoProbe.path("format").path("start_time").asDouble() * 90000), "tfdt agrees with S@t: " + videoProbe);

        Segment a = segment(audioRep);
        Path audioFile = download("audio", a.init(), a.media());
        JsonNode audioProbe = Ffprobe.probe(audioFile.toString());
        JsonNode aac = Ffprobe.streams(audioProbe, "audio").get(0);
        assertEquals("aac", aac.path("codec_name").asText(), audioProbe.toString());
        assertEquals(2, aac.path("channels").asInt(), audioProbe.toString());
        assertTrue(framesOf(audioFile, "a") >= 90, "about 94 AAC frames in 2 s at 48 kHz");

        // Requests outside the window are refused precisely: before the first number (when the
        // encoder's first segment made no output segment of its own) and past the newest.
        long startNumber = Long.parseLong(children(videoReps.get(0), "SegmentTemplate").get(0).getAttribute("startNumber"));
        if (startNumber > 0) {
            HttpResponse<String> old = get(out("live-dash/" + v.template().replace("$Number$", Long.toString(startNumber - 1)).replace("$RepresentationID$", v.id())));
            assertTrue(old.statusCode() == 410 || old.statusCode() == 404, old.statusCode() + " " + old.body().length() + " bytes\n" + mpd);
        }
        HttpResponse<String> future = get(out("live-dash/" + v.template().replace("$Number$", "99999999").replace("$RepresentationID$", v.id())));
        assertEquals(404, future.statusCode(), future.body());
        assertFalse(future.body().isBlank());
    }

    @Test
    @Order(2)
    void smoothStreamingManifestAndAFragmentDecode() throws Exception {
        String manifest = await(out("live-mss/index.ism/Manifest"), body -> body.contains("<c "), Duration.ofSeconds(30));
        Document doc = xml(manifest);
        Element root = doc.getDocumentElement();
        assertEquals("SmoothStreamingMedia", root.getTagName());
        assertEquals("TRUE", root.getAttribute("IsLive").toUpperCase(), manifest);
        assertEquals(String.valueOf(60L * 90000), root.getAttribute("DVRWindowLength"), manifest);
        Element videoIndex = elements(doc, "StreamIndex").stream().filter(s -> "video".equals(s.getAttribute("Type"))).findFirst().orElseThrow();
        List<Element> levels = children(videoIndex, "QualityLevel");
        assertEquals(3, levels.size(), manifest);
        Element level = levels.get(0);
        assertTrue(level.getAttribute("CodecPrivateData").matches("00000001(67|27)[0-9A-Fa-f]+00000001(68|28)[0-9A-Fa-f]+"), manifest);
        List<Element> chunks = children(videoIndex, "c");
        long t = Long.parseLong(chunks.get(0).getAttribute("t"));
        String url = videoIndex.getAttribute("Url").replace("{bitrate}", level.getAttribute("Bitrate")).replace("{start time}", Long.toString(t));
        HttpResponse<byte[]> fragment = getBytes(out("live-mss/index.ism/" + url));
        assertEquals(200, fragment.statusCode(), url);
        // A Smooth client builds the moov from the manifest; the DASH init of the same rendition is that moov.
        int position = Integer.parseInt(level.getAttribute("Bitrate")) % 1000;
        Path file = Files.createTempFile("mss", ".mp4");
        Files.write(file, getBytes(out("live-dash/index_" + position + "v_init.mp4")).body());
        Files.write(file, fragment.body(), java.nio.file.StandardOpenOption.APPEND);
        long d = Long.parseLong(chunks.get(0).getAttribute("d"));
        assertEquals(Math.round(d / 90000.0 * 25), framesOf(file, "v"), "frames of fragment " + url);
    }

    @Test
    @Order(3)
    void dashJsAndShakaPlayTheDashEndpoint() {
        try (BrowserPlayer player = new BrowserPlayer()) {
            PlaybackReport dashjs = player.playDash(base(), out("live-dash/index.mpd"), WATCH);
            dashjs.assertPlayed(20);
            assertTrue(dashjs.wasLive(), dashjs.summary());
            PlaybackReport shaka = player.playShaka(base(), out("live-dash/index.mpd"), WATCH);
            shaka.assertPlayed(20);
        }
    }

    @Test
    @Order(4)
    void hlsJsPlaysEachCmafManifest() throws Exception {
        String main = await(out("live-cmaf/main/index.m3u8"), body -> body.contains("#EXT-X-STREAM-INF"), Duration.ofSeconds(20));
        assertTrue(main.contains("#EXT-X-MEDIA:TYPE=AUDIO"), main);
        String media = get(out("live-cmaf/main/") + main.lines().filter(l -> l.endsWith(".m3u8") && !l.startsWith("#")).findFirst().orElseThrow()).body();
        assertTrue(media.contains("#EXT-X-MAP:URI=\"../cmafseg_"), media);
        String version = media.lines().filter(l -> l.startsWith("#EXT-X-VERSION:")).findFirst().orElseThrow();
        assertTrue(Integer.parseInt(version.substring("#EXT-X-VERSION:".length())) >= 6, media);
        try (BrowserPlayer player = new BrowserPlayer()) {
            for (String id : List.of("main", "low-latency")) {
                PlaybackReport report = player.playHls(base(), out("live-cmaf/" + id + "/index.m3u8"), WATCH);
                report.assertPlayed(20);
            }
        }
    }

    @Test
    @Order(5)
    void dashJsPlaysTheSmoothStreamingEndpoint() {
        try (BrowserPlayer player = new BrowserPlayer()) {
            player.playMss(base(), out("live-mss/index.ism/Manifest"), WATCH).assertPlayed(20);
        }
    }

    @Test
    @Order(6)
    void anEncoderRestartBecomesANewPeriodThatDashJsCrosses() throws Exception {
        try (BrowserPlayer player = new BrowserPlayer()) {
            java.util.concurrent.CompletableFuture<PlaybackReport> playing = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> player.playDash(base(), out("live-dash/index.mpd"), Duration.ofSeconds(45)));
            Thread.sleep(6000);
            encoder.kill();
            // The restarted encoder's clock is an hour ahead: a timestamp jump, so a new Period.
            encoder = new LiveEncoder(base() + "/in/v1/live/1/", encoderOptions().timestampOffsetSeconds(3600).build()).start();
            String mpd = await(out("live-dash/index.mpd"), body -> elements(xml(body), "Period").size() >= 2, Duration.ofSeconds(40));
            List<Element> periods = elements(xml(mpd), "Period");
            Element last = periods.get(periods.size() - 1);
            assertFalse(last.hasAttribute("duration"), mpd);
            assertTrue(periods.get(periods.size() - 2).hasAttribute("duration"), mpd);
            PlaybackReport report = playing.get(120, java.util.concurrent.TimeUnit.SECONDS);
            report.assertPlayed(30);
        }
    }

    /**
     * Time-shift on the fMP4 packagers: an ended start/end window is a static MPD that dash.js plays
     * from its start, VOD CMAF playlists whose media playlists carry the window, and an on-demand
     * Smooth manifest; a window outside the archive is refused with the available range.
     */
    @Test
    @Order(8)
    void startAndEndWindowsOnDashCmafAndSmooth() throws Exception {
        Instant now = Instant.now();
        String start = now.minusSeconds(34).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String end = now.minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String query = "?start=" + start + "&end=" + end;

        String mpd = get(out("live-dash/index.mpd" + query)).body();
        Element root = xml(mpd).getDocumentElement();
        assertEquals("static", root.getAttribute("type"), mpd);
        double duration = java.time.Duration.parse(root.getAttribute("mediaPresentationDuration")).toMillis() / 1000.0;
        assertTrue(duration >= 24 - 0.1 && duration <= 24 + 4.1, "24 s asked, whole 2 s segments around it: " + mpd);
        assertFalse(root.hasAttribute("availabilityStartTime"), mpd);

        String cmaf = get(out("live-cmaf/main/index.m3u8" + query)).body();
        String mediaUri = cmaf.lines().filter(l -> l.endsWith(".m3u8" + query.replace(":", "%3A"))).findFirst().orElseThrow(() -> new AssertionError(cmaf));
        String media = get(out("live-cmaf/main/" + mediaUri)).body();
        assertTrue(media.contains("#EXT-X-PLAYLIST-TYPE:VOD") && media.endsWith("#EXT-X-ENDLIST\n"), media);

        String smooth = get(out("live-mss/index.ism/Manifest" + query)).body();
        assertFalse(smooth.contains("IsLive"), smooth);

        HttpResponse<String> outside = get(out("live-dash/index.mpd?start=2020-01-01T00:00:00Z&end=2020-01-01T00:10:00Z"));
        assertEquals(400, outside.statusCode(), outside.body());
        assertTrue(outside.body().contains("outside the available range"), outside.body());

        try (BrowserPlayer player = new BrowserPlayer()) {
            PlaybackReport report = player.playDash(base(), out("live-dash/index.mpd" + query), Duration.ofSeconds(25));
            report.assertPlayed(15);
            assertFalse(report.wasLive(), report.summary());
        }
    }

    // ---------------------------------------------------------------- helpers

    record Segment(String id, String template, String init, String media, long time, long duration) {
    }

    /** The second-newest segment of a Representation (FULL layout, $Number$ with a SegmentTimeline). */
    static Segment segment(Element representation) {
        Element template = children(representation, "SegmentTemplate").get(0);
        long number = Long.parseLong(template.getAttribute("startNumber"));
        List<long[]> times = new ArrayList<>();
        long t = 0;
        for (Element s : children(children(template, "SegmentTimeline").get(0), "S")) {
            t = s.hasAttribute("t") ? Long.parseLong(s.getAttribute("t")) : t;
            long d = Long.parseLong(s.getAttribute("d"));
            int r = s.hasAttribute("r") ? Integer.parseInt(s.getAttribute("r")) : 0;
            for (int i = 0; i <= r; i++) {
                times.add(new long[] { t, d });
                t += d;
            }
        }
        int pick = times.size() - 2;
        String id = representation.getAttribute("id");
        String media = template.getAttribute("media").replace("$RepresentationID$", id).replace("$Number$", Long.toString(number + pick));
        return new Segment(id, template.getAttribute("media"), template.getAttribute("initialization").replace("$RepresentationID$", id), media,
                times.get(pick)[0], times.get(pick)[1]);
    }

    Path download(String prefix, String init, String media) throws IOException, InterruptedException {
        Path file = Files.createTempFile(prefix, ".mp4");
        HttpResponse<byte[]> i = getBytes(out("live-dash/" + init));
        assertEquals(200, i.statusCode(), init);
        HttpResponse<byte[]> m = getBytes(out("live-dash/" + media));
        assertEquals(200, m.statusCode(), media);
        assertTrue(m.headers().firstValue("Content-Type").orElse("").endsWith("/mp4"), m.headers().toString());
        Files.write(file, i.body());
        Files.write(file, m.body(), java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    static long framesOf(Path file, String stream) {
        String out = Ffprobe.runRaw(List.of("-v", "error", "-count_frames", "-select_streams", stream, "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", file.toString()), Duration.ofSeconds(30));
        return Long.parseLong(out.strip().split("\\s+")[0]);
    }

    static int segmentsOf(String mpd) {
        try {
            Element video = elements(xml(mpd), "AdaptationSet").get(0);
            int n = 0;
            for (Element s : elements(video.getOwnerDocument(), "S")) {
                n += 1 + (s.hasAttribute("r") ? Integer.parseInt(s.getAttribute("r")) : 0);
            }
            return n / Math.max(1, elements(video.getOwnerDocument(), "SegmentTimeline").size());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    static Document xml(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + e.getMessage() + "\n" + text, e);
        }
    }

    static List<Element> elements(Document doc, String tag) {
        NodeList list = doc.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String await(String url, Predicate<String> ready, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (last.statusCode() == 200 && ready.test(last.body())) {
                return last.body();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within " + timeout.toSeconds() + " s: " + url + " → "
                + (last == null ? "no answer" : last.statusCode() + "\n" + last.body())
                + (encoder == null ? "" : "\nencoder: " + encoder.describe()));
    }
}
