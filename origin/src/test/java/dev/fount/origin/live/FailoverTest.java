package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.fount.origin.e2e.BrowserPlayer;
import dev.fount.origin.e2e.Credentials;
import dev.fount.origin.e2e.HttpPush;
import dev.fount.origin.e2e.LiveEncoder;
import dev.fount.origin.e2e.PlaybackReport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Redundant ingest: two encoders with the same timestamps feed ingest endpoints 1 and 2; the
 * one on endpoint 1 fails (is killed) mid-playback; the origin switches to endpoint 2 within a segment and
 * the player goes on, with no discontinuity because the media continues.
 */
@QuarkusTest
@TestProfile(FailoverTest.Profile.class)
class FailoverTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "src/test/resources/failover", "fount.data.dir", "target/fount-data-failover/${quarkus.uuid}");
        }
    }

    static final Credentials CREDENTIALS = Credentials.of("encoder", "failover-test");

    @TestHTTPResource("/")
    URL root;

    @Test
    void playbackContinuesWhenTheActiveEncoderStops() throws Exception {
        String base = root.toString().replaceAll("/$", "");
        String playlist = base + "/out/v1/backup/backup-hls/index.m3u8";
        LiveEncoder.Options options = LiveEncoder.Options.builder().credentials(CREDENTIALS).segmentSeconds(2)
                .renditions("320x180@300k").build();
        try (LiveEncoder first = new LiveEncoder(base + "/in/v1/backup/1/", options).start();
                LiveEncoder second = new LiveEncoder(base + "/in/v1/backup/2/", options).start();
                BrowserPlayer player = new BrowserPlayer()) {
            awaitOk(playlist, Duration.ofSeconds(40));
            CompletableFuture<PlaybackReport> playing = CompletableFuture.supplyAsync(() -> player.playHls(base, playlist, Duration.ofSeconds(36)));
            Thread.sleep(12_000);
            first.kill();   // a failure, not a graceful stop: nothing is flushed
            PlaybackReport report = playing.get(90, TimeUnit.SECONDS);
            report.assertPlayed(26);

            String preview = HttpPush.send(base + "/", "GET", null, Map.of()).body();
            assertTrue(preview.contains("serving ingest endpoint 2"), "the origin switched to endpoint 2:\n" + preview);
            String media = HttpPush.send(base + "/out/v1/backup/backup-hls/index_1.m3u8", "GET", null, Map.of()).body();
            assertFalse(media.contains("#EXT-X-DISCONTINUITY\n"), "time-locked inputs switch without a discontinuity:\n" + media);
            assertTrue(second.isRunning(), second.describe());
        }
    }

    static void awaitOk(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HttpPush.send(url, "GET", null, Map.of());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " did not become available in " + timeout);
    }
}
