package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Credentials;
import dev.fount.origin.e2e.LiveEncoder;
import dev.fount.origin.e2e.PlaybackReport;
import dev.fount.origin.e2e.Scte35Relay;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * SCTE-35 ad breaks from a live encoder (ffmpeg behind {@link Scte35Relay}, which adds the
 * splice_insert messages ffmpeg cannot write) through every ad marker kind: the DASH endpoint
 * (periodTriggers ADS) starts a Period at the break and another at the return, each with the
 * signal in an EventStream, and dash.js plays across both; the HLS endpoint writes
 * EXT-X-CUE-OUT / -CUE-OUT-CONT / -CUE-IN (SCTE35_ENHANCED) and hls.js plays it; the CMAF
 * manifest writes EXT-X-DATERANGE with SCTE35-OUT and SCTE35-IN.
 */
@QuarkusTest
@TestProfile(AdMarkersEndToEndTest.Profile.class)
class AdMarkersEndToEndTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "src/test/resources/ads", "fount.data.dir", "target/fount-data-ads/${quarkus.uuid}");
        }
    }

    /** The break is announced in segment 5 for segment 7, four segments long: back at segment 11. */
    static final long ANNOUNCED = 5;
    static final int BREAK_SEGMENTS = 4;

    @TestHTTPResource("/")
    URL root;

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    String out(String file) {
        return base() + "/out/v1/ads/" + file;
    }

    @Test
    void adBreaksBecomeMarkersAndPeriodsThatPlayersCross() throws Exception {
        try (Scte35Relay relay = new Scte35Relay(base() + "/in/v1/ads/1/", ANNOUNCED, BREAK_SEGMENTS);
                LiveEncoder encoder = new LiveEncoder(relay.url(), LiveEncoder.Options.builder()
                        .credentials(Credentials.of("encoder", "ads-test-password")).segmentSeconds(2).programDateTime(true).build()).start();
                BrowserPlayer player = new BrowserPlayer()) {
            // dash.js joins before the break exists and plays through it.
            String early = await(out("ads-dash/index.mpd"), body -> LiveFmp4EndToEndTest.segmentsOf(body) >= 3, Duration.ofSeconds(40));
            assertEquals(1, LiveFmp4EndToEndTest.elements(LiveFmp4EndToEndTest.xml(early), "Period").size(), early);
            CompletableFuture<PlaybackReport> dash = CompletableFuture.supplyAsync(
                    () -> player.playDash(base(), out("ads-dash/index.mpd"), Duration.ofSeconds(45)));

            String mpd = await(out("ads-dash/index.mpd"), body -> LiveFmp4EndToEndTest.elements(LiveFmp4EndToEndTest.xml(body), "Period").size() >= 3,
                    Duration.ofSeconds(60));
            List<Element> periods = LiveFmp4EndToEndTest.elements(LiveFmp4EndToEndTest.xml(mpd), "Period");
            Element adPeriod = periods.get(1);
            assertTrue(adPeriod.getAttribute("id").matches("p\\d+-\\d+"), mpd);
            Element event = LiveFmp4EndToEndTest.elements(adPeriod.getOwnerDocument(), "Event").get(0);
            assertEquals(String.valueOf(Scte35Relay.EVENT_ID), event.getAttribute("id"), mpd);
            assertEquals(8 * 90_000, Long.parseLong(event.getAttribute("duration")), 2, "four 2-second segments: " + mpd);

            String hls = await(out("ads-hls/index_1.m3u8"), body -> body.contains("#EXT-X-CUE-IN"), Duration.ofSeconds(30));
            List<String> lines = hls.lines().toList();
            int cueOut = indexOf(lines, "#EXT-X-CUE-OUT:");
            int cueIn = indexOf(lines, "#EXT-X-CUE-IN");
            assertTrue(lines.get(cueOut - 1).startsWith("#EXT-OATCLS-SCTE35:/DA"), hls);
            assertEquals(3, lines.subList(cueOut, cueIn).stream().filter(l -> l.startsWith("#EXT-X-CUE-OUT-CONT:ElapsedTime=")).count(),
                    "segments 2–4 of the break: " + hls);
            assertEquals(4, lines.subList(cueOut, cueIn).stream().filter(l -> l.startsWith("#EXTINF:")).count(), hls);

            String cmaf = await(out("ads-cmaf/dr/index_1v.m3u8"), body -> body.contains("SCTE35-IN="), Duration.ofSeconds(10));
            assertEquals(2, cmaf.lines().filter(l -> l.startsWith("#EXT-X-DATERANGE:ID=") && l.contains("SCTE35-")).count(), cmaf);
            assertTrue(cmaf.contains("#EXT-X-PROGRAM-DATE-TIME:"), cmaf);

            PlaybackReport report = dash.get(120, TimeUnit.SECONDS);
            report.assertPlayed(30);
            // dash.js puts the video element on the MPD's presentation timeline (seconds since availabilityStartTime):
            // it played from before the ad Period's start to after the return Period's.
            double adStart = java.time.Duration.parse(adPeriod.getAttribute("start")).toMillis() / 1000.0;
            double returnStart = java.time.Duration.parse(periods.get(2).getAttribute("start")).toMillis() / 1000.0;
            double from = report.samples().stream().filter(s -> s.readyState() >= 2).findFirst().orElseThrow().currentTime();
            double to = report.lastSample().currentTime();
            assertTrue(from < adStart && to > returnStart + 2, String.format("played %.1f → %.1f across %.1f and %.1f: %s",
                    from, to, adStart, returnStart, report.summary()));

            player.playHls(base(), out("ads-hls/index.m3u8"), Duration.ofSeconds(25)).assertPlayed(20);

            // timeDelaySeconds: 10 keeps the live edge five 2-second segments back.
            long live = lastSegment(LiveFmp4EndToEndTest.get(out("ads-hls/index_1.m3u8")).body());
            long delayed = lastSegment(LiveFmp4EndToEndTest.get(out("ads-hls-delayed/index_1.m3u8")).body());
            assertTrue(delayed <= live - 4 && delayed >= live - 7, "newest segment " + delayed + " delayed, " + live + " live");
        }
    }

    /** The number of the newest segment in a live-hls style playlist (index_1_{n}.ts). */
    private static long lastSegment(String playlist) {
        String last = playlist.lines().filter(l -> l.endsWith(".ts")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(playlist));
        return Long.parseLong(last.substring(last.lastIndexOf('_') + 1, last.length() - 3));
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix + " in\n" + String.join("\n", lines));
    }

    private String await(String url, java.util.function.Predicate<String> ready, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.net.http.HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = LiveFmp4EndToEndTest.get(url);
            if (last.statusCode() == 200 && ready.test(last.body())) {
                return last.body();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within " + timeout.toSeconds() + " s: " + url + " → "
                + (last == null ? "no answer" : last.statusCode() + "\n" + last.body()));
    }
}
