package dev.fount.origin.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.fount.origin.crypto.TestKeyServer;
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
 * Live HLS encrypted with AES-128 and a new key every 8 s of media, keys from a SPEKE key server
 * in the test: hls.js plays across at least two key rotations, ffprobe decrypts the live
 * playlist with the keys it names, and the clear endpoint of the same channel is unaffected.
 */
@QuarkusTest
@TestProfile(EncryptedLiveEndToEndTest.Profile.class)
class EncryptedLiveEndToEndTest {

    static final Path CONFIG = Path.of("target/aes-live-e2e/config");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(CONFIG);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("fount.config.dir", CONFIG.toString(), "fount.data.dir", "target/fount-data-aes/${quarkus.uuid}");
        }
    }

    static TestKeyServer keyServer;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void keyServerAndChannel() throws Exception {
        keyServer = TestKeyServer.start();
        try (Stream<Path> old = Files.list(CONFIG)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        Files.writeString(CONFIG.resolve("channel.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: aes-ingest}
                stringData: {username: encoder, password: aes-test-password}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: Channel
                metadata: {name: aes}
                spec:
                  ingest:
                    credentialsSecretRef: {name: aes-ingest}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: aes-hls}
                spec:
                  channelName: aes
                  hlsPackage:
                    segmentDurationSeconds: 2
                    playlistWindowSeconds: 60
                    encryption:
                      encryptionMethod: AES_128
                      keyRotationIntervalSeconds: 8
                      spekeKeyProvider:
                        url: %s
                        resourceId: aes-live
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: aes-clear}
                spec:
                  channelName: aes
                  hlsPackage:
                    segmentDurationSeconds: 2
                """.formatted(keyServer.url()), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopKeyServer() {
        if (keyServer != null) {
            keyServer.close();
        }
    }

    String base() {
        String s = root.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Test
    void playsAcrossKeyRotations() throws Exception {
        try (LiveEncoder encoder = new LiveEncoder(base() + "/in/v1/aes/1/", LiveEncoder.Options.builder()
                .credentials(Credentials.of("encoder", "aes-test-password")).segmentSeconds(2).build()).start();
                BrowserPlayer player = new BrowserPlayer()) {
            String media = base() + "/out/v1/aes/aes-hls/index_1.m3u8";
            awaitKeys(media, 1, Duration.ofSeconds(40));
            CompletableFuture<PlaybackReport> playing = CompletableFuture.supplyAsync(
                    () -> player.playHls(base(), base() + "/out/v1/aes/aes-hls/index.m3u8", Duration.ofSeconds(30)));
            PlaybackReport report = playing.get(90, TimeUnit.SECONDS);
            report.assertPlayed(20);
            String playlist = LiveFmp4EndToEndTest.get(media).body();
            List<String> keys = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:METHOD=AES-128,URI=\"" + "http://127.0.0.1:")).distinct().toList();
            assertTrue(keys.size() >= 3, "a key every 8 s over a 30 s watch, so the player crossed at least two rotations: " + playlist);
            assertTrue(playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY")).count() == keys.size(), "each key written once: " + playlist);

            // ffprobe fetches each key from its URI and decodes the live playlist.
            var probe = Ffprobe.probe(media);
            assertTrue(Ffprobe.streams(probe, "video").stream().anyMatch(s -> s.path("codec_name").asText().equals("h264")), probe.toString());
            // The clear endpoint of the channel: plain MPEG-TS, no key.
            String clear = LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/aes-clear/index_1.m3u8").body();
            assertTrue(!clear.contains("#EXT-X-KEY"), clear);
            String segment = clear.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
            assertEquals(0x47, LiveFmp4EndToEndTest.getBytes(base() + "/out/v1/aes/aes-clear/" + segment).body()[0]);
        }
    }

    private void awaitKeys(String url, int keys, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var r = LiveFmp4EndToEndTest.get(url);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && r.body().lines().filter(l -> l.startsWith("#EXT-X-KEY")).count() >= keys
                    && r.body().lines().filter(l -> l.startsWith("#EXTINF")).count() >= 3) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no encrypted playlist within " + timeout.toSeconds() + " s: " + last);
    }
}
