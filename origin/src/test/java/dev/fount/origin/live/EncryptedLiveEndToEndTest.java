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
import java.util.UUID;
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
 * Live encryption of one channel with keys from a SPEKE key server in the test. HLS AES-128 with a
 * new key every 8 s of media: hls.js plays across at least two key rotations, ffprobe decrypts the
 * live playlist with the keys it names, and the clear endpoint is unaffected. HLS SAMPLE-AES:
 * hls.js plays, ffprobe decodes. DASH cenc: dash.js and Shaka decode it with ClearKey from the key
 * server's licence URL; with a key every 8 s Shaka plays across rotations. CMAF cbcs: ffmpeg
 * decrypts a fragment with the key its playlist names and not with another, Shaka plays it. DASH
 * cbcs with SPEKE 2.0 presets (HD, SD and audio keys; the ladder has a rendition just over SD):
 * dash.js and Shaka decode it; CMAF presets name each rendition's key. The key server failing:
 * new keys are a 502 naming it (and the key status URL says so), what is keyed plays on.
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

    /** One rendition just over SD (1024x576) so SPEKE 2.0 presets key it apart, one small; few pixels for CI's 2 cores. */
    static final String[] HD_LADDER = {"1056x594@900k", "320x180@200k"};

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
                        url: %1$s
                        resourceId: aes-live
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: sample-aes}
                spec:
                  channelName: aes
                  hlsPackage:
                    segmentDurationSeconds: 2
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: sample-aes-live
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: cenc-dash}
                spec:
                  channelName: aes
                  dashPackage:
                    segmentDurationSeconds: 2
                    encryption:
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: cenc-live
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: cenc-rotating}
                spec:
                  channelName: aes
                  dashPackage:
                    segmentDurationSeconds: 2
                    encryption:
                      keyRotationIntervalSeconds: 8
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: cenc-rotating
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: cenc-unkeyed}
                spec:
                  channelName: aes
                  dashPackage:
                    segmentDurationSeconds: 2
                    encryption:
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: never-asked-before
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: cbcs-cmaf}
                spec:
                  channelName: aes
                  cmafPackage:
                    segmentDurationSeconds: 2
                    hlsManifests: [{id: main}]
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: cbcs-live
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: presets-dash}
                spec:
                  channelName: aes
                  dashPackage:
                    segmentDurationSeconds: 2
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: presets-live
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                        encryptionContractConfiguration: {presetSpeke20Video: PRESET-VIDEO-2, presetSpeke20Audio: PRESET-AUDIO-1}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: presets-cmaf}
                spec:
                  channelName: aes
                  cmafPackage:
                    segmentDurationSeconds: 2
                    hlsManifests: [{id: main}]
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: %1$s
                        resourceId: presets-cmaf
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                        encryptionContractConfiguration: {presetSpeke20Video: PRESET-VIDEO-2, presetSpeke20Audio: UNENCRYPTED}
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
                .credentials(Credentials.of("encoder", "aes-test-password")).segmentSeconds(2)
                .renditions(HD_LADDER).build()).start();
                BrowserPlayer player = new BrowserPlayer()) {
            String media = base() + "/out/v1/aes/aes-hls/index_1.m3u8";
            awaitKeys(media, 1, Duration.ofSeconds(40));
            CompletableFuture<PlaybackReport> playing = CompletableFuture.supplyAsync(
                    () -> player.playHls(base(), base() + "/out/v1/aes/aes-hls/index.m3u8", Duration.ofSeconds(25)));
            PlaybackReport report = playing.get(90, TimeUnit.SECONDS);
            report.assertPlayed(20);
            String playlist = LiveFmp4EndToEndTest.get(media).body();
            List<String> keys = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:METHOD=AES-128,URI=\"" + "http://127.0.0.1:")).distinct().toList();
            assertTrue(keys.size() >= 3, "a key every 8 s over a 25 s watch, so the player crossed at least two rotations: " + playlist);
            assertTrue(playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY")).count() == keys.size(), "each key written once: " + playlist);

            // ffprobe fetches each key from its URI and decodes the live playlist.
            var probe = Ffprobe.probe(media);
            assertTrue(Ffprobe.streams(probe, "video").stream().anyMatch(s -> s.path("codec_name").asText().equals("h264")), probe.toString());
            // The clear endpoint of the channel: plain MPEG-TS, no key.
            String clear = LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/aes-clear/index_1.m3u8").body();
            assertTrue(!clear.contains("#EXT-X-KEY"), clear);
            String segment = clear.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
            assertEquals(0x47, LiveFmp4EndToEndTest.getBytes(base() + "/out/v1/aes/aes-clear/" + segment).body()[0]);

            sampleAes(player);
            dashWithClearKey(player);
            shakaAcrossDashKeyRotations(player);
            presetsKeyEachClassApart(player);
            cmafFragmentDecryptsWithItsKeyOnly();
            shakaPlaysCbcsCmaf(player);
            keyServerFailing();
        }
    }

    /**
     * HLS SAMPLE-AES (H.264 NAL units and AAC frames encrypted inside the MPEG-TS): hls.js decrypts
     * and decodes it, ffprobe (ffmpeg's HLS demuxer) decodes the live playlist with the key.
     */
    private void sampleAes(BrowserPlayer player) throws Exception {
        String media = base() + "/out/v1/aes/sample-aes/index_1.m3u8";
        String playlist = LiveFmp4EndToEndTest.get(media).body();
        assertTrue(playlist.lines().anyMatch(l -> l.startsWith("#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"http://127.0.0.1:")), playlist);
        String segment = playlist.lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
        byte[] ts = LiveFmp4EndToEndTest.getBytes(base() + "/out/v1/aes/sample-aes/" + segment).body();
        assertEquals(0x47, ts[0], "SAMPLE-AES keeps the transport stream readable");
        PlaybackReport hlsjs = player.playHls(base(), base() + "/out/v1/aes/sample-aes/index.m3u8", Duration.ofSeconds(20));
        assertDecoded(hlsjs);
        var probe = Ffprobe.probe(media);
        assertTrue(Ffprobe.streams(probe, "video").stream().anyMatch(x -> x.path("codec_name").asText().equals("h264")), probe.toString());
    }

    /**
     * DASH, cenc, one key: dash.js and Shaka get it from the ClearKey licence URL the key server
     * signals (clearkey:Laurl in the MPD's ContentProtection) and decode frames. (Under key rotation
     * dash.js does not follow: it hands Chromium the key server's e2719d58 pssh from the media,
     * which Chromium's ClearKey cannot read — BUILD-NOTES 15.)
     */
    private void dashWithClearKey(BrowserPlayer player) throws Exception {
        String mpdUrl = base() + "/out/v1/aes/cenc-dash/index.mpd";
        String mpd = LiveFmp4EndToEndTest.get(mpdUrl).body();
        assertTrue(mpd.matches("(?s).*<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\" cenc:default_KID=\"[0-9a-f-]{36}\"/>.*"), mpd);
        assertTrue(mpd.contains("<ContentProtection schemeIdUri=\"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\" value=\"ClearKey1.0\">"), mpd);
        String licences = keyServer.url().resolve("/clearkey").toString();
        assertTrue(mpd.contains(licences), "the key server's licence URL is relayed: " + mpd);
        UUID kid = UUID.fromString(mpd.replaceAll("(?s).*cenc:default_KID=\"([0-9a-f-]{36})\".*", "$1"));

        int before = keyServer.licensedKids().size();
        PlaybackReport dashjs = player.playDash(base(), mpdUrl, Duration.ofSeconds(20),
                Map.of("e2eProtectionData", Map.of("org.w3.clearkey", Map.of("serverURL", licences))));
        assertDecoded(dashjs);
        int afterDashJs = keyServer.licensedKids().size();
        assertTrue(keyServer.licensedKids().subList(before, afterDashJs).contains(kid), "dash.js got the MPD's key from the licence server");
        PlaybackReport shaka = player.playShaka(base(), mpdUrl, Duration.ofSeconds(20),
                Map.of("drm", Map.of("servers", Map.of("org.w3.clearkey", licences))));
        assertDecoded(shaka);
        List<UUID> all = keyServer.licensedKids();
        assertTrue(all.subList(afterDashJs, all.size()).contains(kid), "Shaka got the MPD's key from the licence server: " + all);
    }

    /**
     * DASH, cenc, a key every 8 s: the MPD names no key, each fragment names its own (seig) and
     * carries its pssh; Shaka asks the licence server for each new key and plays across at least
     * two rotations.
     */
    private void shakaAcrossDashKeyRotations(BrowserPlayer player) throws Exception {
        String mpdUrl = base() + "/out/v1/aes/cenc-rotating/index.mpd";
        String mpd = LiveFmp4EndToEndTest.get(mpdUrl).body();
        assertTrue(mpd.contains("<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cenc\"/>") && !mpd.contains("default_KID"), mpd);
        String licences = keyServer.url().resolve("/clearkey").toString();
        int before = keyServer.licensedKids().size();
        PlaybackReport shaka = player.playShaka(base(), mpdUrl, Duration.ofSeconds(22),
                Map.of("drm", Map.of("servers", Map.of("org.w3.clearkey", licences))));
        assertDecoded(shaka);
        List<UUID> all = keyServer.licensedKids();
        assertTrue(all.subList(before, all.size()).stream().distinct().count() >= 3,
                "Shaka asked for a key per 8 s period it played (from 30 s behind live), crossing at least two rotations: " + all);
    }

    /**
     * DASH cbcs with SPEKE 2.0 PRESET-VIDEO-2 + PRESET-AUDIO-1: the HD rendition, the SD one and
     * the audio each get their own key, in AdaptationSets of their own (the video sets
     * switchable); the HD init segment names the HD key, which decrypts its fragment; dash.js and
     * Shaka get the keys from the licence server and decode cbcs.
     */
    private void presetsKeyEachClassApart(BrowserPlayer player) throws Exception {
        String mpdUrl = base() + "/out/v1/aes/presets-dash/index.mpd";
        String mpd = LiveFmp4EndToEndTest.get(mpdUrl).body();
        List<String> sets = java.util.Arrays.stream(mpd.split("<AdaptationSet ")).skip(1).map(x -> x.substring(0, x.indexOf("</AdaptationSet>")))
                .toList();
        java.util.function.Function<String, UUID> kid = set -> UUID.fromString(set.replaceAll("(?s).*cenc:default_KID=\"([0-9a-f-]{36})\".*", "$1"));
        String hd = sets.stream().filter(x -> x.contains("width=\"1056\"")).findFirst().orElseThrow(() -> new AssertionError(mpd));
        String sd = sets.stream().filter(x -> x.contains("width=\"320\"")).findFirst().orElseThrow(() -> new AssertionError(mpd));
        String audio = sets.stream().filter(x -> x.contains("contentType=\"audio\"")).findFirst().orElseThrow(() -> new AssertionError(mpd));
        assertTrue(!hd.equals(sd) && !hd.contains("width=\"320\""), "HD and SD in different AdaptationSets: " + mpd);
        UUID hdKid = kid.apply(hd);
        assertEquals(3, java.util.Set.of(hdKid, kid.apply(sd), kid.apply(audio)).size(), "a key for HD, SD and audio: " + mpd);
        assertTrue(hd.contains("urn:mpeg:dash:adaptation-set-switching:2016") && sd.contains("urn:mpeg:dash:adaptation-set-switching:2016"), mpd);
        assertTrue(keyServer.lastRequest().contains("intendedTrackType=\"HD\""), keyServer.lastRequest());
        assertTrue(mpd.contains("<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cbcs\""), mpd);

        // The HD init segment names the HD set's key, and that key decrypts an HD fragment.
        String rep = hd.replaceAll("(?s).*<Representation id=\"([^\"]+)\".*", "$1");
        long number = Long.parseLong(hd.replaceAll("(?s).*startNumber=\"(\\d+)\".*", "$1"));
        byte[] init = LiveFmp4EndToEndTest.getBytes(base() + "/out/v1/aes/presets-dash/index_" + rep + "_init.mp4").body();
        assertEquals(hdKid, tencKid(init), "tenc's default_KID is the MPD's");
        byte[] fragment = LiveFmp4EndToEndTest.getBytes(base() + "/out/v1/aes/presets-dash/index_" + rep + "_" + (number + 1) + ".mp4").body();
        Path file = Files.createTempFile("presets", ".mp4");
        Files.write(file, java.nio.ByteBuffer.allocate(init.length + fragment.length).put(init).put(fragment).array());
        String right = decode(file, keyServer.keyFor(hdKid));
        assertTrue(!right.contains("error") && right.lines().filter(l -> !l.startsWith("#")).count() >= 25, right);
        assertTrue(!decode(file, keyServer.keyFor(kid.apply(sd))).equals(right), "the SD key does not decrypt HD");
        Files.delete(file);

        cmafPresets();

        String licences = keyServer.url().resolve("/clearkey").toString();
        int before = keyServer.licensedKids().size();
        PlaybackReport dashjs = player.playDash(base(), mpdUrl, Duration.ofSeconds(20),
                Map.of("e2eProtectionData", Map.of("org.w3.clearkey", Map.of("serverURL", licences))));
        assertDecoded(dashjs);
        int afterDashJs = keyServer.licensedKids().size();
        List<UUID> asked = keyServer.licensedKids().subList(before, afterDashJs);
        assertTrue(asked.contains(kid.apply(audio)) && (asked.contains(hdKid) || asked.contains(kid.apply(sd))),
                "dash.js asked for the audio key and a video key: " + asked);
        PlaybackReport shaka = player.playShaka(base(), mpdUrl, Duration.ofSeconds(20),
                Map.of("drm", Map.of("servers", Map.of("org.w3.clearkey", licences))));
        assertDecoded(shaka);
        asked = keyServer.licensedKids();
        asked = asked.subList(afterDashJs, asked.size());
        assertTrue(asked.contains(kid.apply(audio)) && (asked.contains(hdKid) || asked.contains(kid.apply(sd))),
                "Shaka asked for the audio key and a video key: " + asked);
    }

    /**
     * The same presets on CMAF (audio UNENCRYPTED): each rendition's playlist names its class's key
     * in EXT-X-KEY, the one its init segment declares; the audio playlist has no key.
     */
    private void cmafPresets() throws Exception {
        String base = base() + "/out/v1/aes/presets-cmaf/main/";
        String multivariant = LiveFmp4EndToEndTest.get(base + "index.m3u8").body();
        List<String> videos = multivariant.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(2, videos.size(), multivariant);
        List<UUID> kids = new java.util.ArrayList<>();
        for (String video : videos) {
            String playlist = LiveFmp4EndToEndTest.get(base + video).body();
            String key = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:METHOD=SAMPLE-AES,")).findFirst().orElseThrow(() -> new AssertionError(playlist));
            UUID kid = UUID.fromString(key.replaceAll(".*/keys/([0-9a-f-]{36}).*", "$1"));
            String map = playlist.lines().filter(l -> l.startsWith("#EXT-X-MAP:")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
            byte[] init = LiveFmp4EndToEndTest.getBytes(java.net.URI.create(base + video).resolve(map).toString()).body();
            assertEquals(kid, tencKid(init), video + ": the playlist's key is the init segment's");
            kids.add(kid);
        }
        assertEquals(2, new java.util.HashSet<>(kids).size(), "HD and SD renditions under different keys: " + kids);
        String audio = multivariant.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO")).findFirst().orElseThrow(() -> new AssertionError(multivariant))
                .replaceAll(".*URI=\"([^\"]+)\".*", "$1");
        String audioPlaylist = LiveFmp4EndToEndTest.get(base + audio).body();
        assertTrue(audioPlaylist.contains("#EXTINF") && !audioPlaylist.contains("#EXT-X-KEY"), "UNENCRYPTED audio: " + audioPlaylist);
    }

    /** The default_KID of an init segment's tenc box (ISO/IEC 23001-7 §8.2: after version, flags and four one-byte fields). */
    private static UUID tencKid(byte[] init) {
        int tenc = new String(init, StandardCharsets.ISO_8859_1).indexOf("tenc");
        assertTrue(tenc > 0, "no tenc box: the init segment is not encrypted");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(init, tenc + 12, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    /** Played and decoded: frames came out of the decoder (encrypted media that is not decrypted gives none). */
    private static void assertDecoded(PlaybackReport report) {
        report.assertPlayed(14);
        assertTrue(report.decodedFrames() > 100 && report.currentTimeAdvance() >= 14, report.summary());
    }

    /**
     * CMAF, cbcs: an init segment and a fragment, joined, decode with ffmpeg given the key the
     * playlist's EXT-X-KEY names, and not with another key.
     */
    private void cmafFragmentDecryptsWithItsKeyOnly() throws Exception {
        String base = base() + "/out/v1/aes/cbcs-cmaf/";
        String multivariant = LiveFmp4EndToEndTest.get(base + "main/index.m3u8").body();
        String video = multivariant.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
        String playlist = LiveFmp4EndToEndTest.get(base + "main/" + video).body();
        String key = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY:METHOD=SAMPLE-AES,")).findFirst().orElseThrow(() -> new AssertionError(playlist));
        assertTrue(key.contains("KEYFORMAT=\"identity\""), key);
        UUID kid = UUID.fromString(key.replaceAll(".*/keys/([0-9a-f-]{36}).*", "$1"));
        String map = playlist.lines().filter(l -> l.startsWith("#EXT-X-MAP:")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
        String segment = playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
        java.net.URI media = java.net.URI.create(base + "main/" + video);
        byte[] init = LiveFmp4EndToEndTest.getBytes(media.resolve(map).toString()).body();
        byte[] fragment = LiveFmp4EndToEndTest.getBytes(media.resolve(segment).toString()).body();
        Path file = Files.createTempFile("cbcs", ".mp4");
        Files.write(file, java.nio.ByteBuffer.allocate(init.length + fragment.length).put(init).put(fragment).array());
        String right = decode(file, keyServer.keyFor(kid));
        assertTrue(!right.contains("error") && right.lines().filter(l -> !l.startsWith("#")).count() >= 25, right);
        String wrong = decode(file, new byte[16]);
        assertTrue(!wrong.equals(right), "a wrong key decodes the same frames: encryption did not happen");
        Files.delete(file);
    }

    /**
     * CMAF, cbcs, through its HLS manifest: Shaka reads EXT-X-KEY KEYFORMAT="identity", fetches the
     * key from its URI, plays with ClearKey (Chromium's ClearKey decrypts cbcs) and decodes frames.
     */
    private void shakaPlaysCbcsCmaf(BrowserPlayer player) {
        PlaybackReport shaka = player.playShaka(base(), base() + "/out/v1/aes/cbcs-cmaf/main/index.m3u8", Duration.ofSeconds(20), Map.of());
        assertDecoded(shaka);
    }

    /**
     * The key server failing: an endpoint that needs a key it does not have yet answers 502 naming
     * the key server; what is already keyed and the clear endpoint go on being served.
     */
    private void keyServerFailing() throws Exception {
        String keyed = LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/cenc-dash/index.mpd").body();
        keyServer.answerStatus(500, 100);
        try {
            var unkeyed = LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/cenc-unkeyed/index.mpd");
            assertEquals(502, unkeyed.statusCode(), unkeyed.body());
            assertTrue(unkeyed.body().contains(keyServer.url().toString()) && unkeyed.body().contains("500"), unkeyed.body());
            // What the operator reads for the endpoint's KeyServer condition: the fault, naming the key server.
            var status = LiveFmp4EndToEndTest.get(base() + "/keys/v1/live/aes/cenc-unkeyed");
            assertEquals(200, status.statusCode(), status.body());
            assertTrue(status.body().contains("\"status\":\"FAILING\"") && status.body().contains(keyServer.url().toString())
                    && status.body().contains("500"), status.body());
            var clear = LiveFmp4EndToEndTest.get(base() + "/keys/v1/live/aes/aes-clear");
            assertTrue(clear.body().contains("\"encrypted\":false"), clear.body());
            var still = LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/cenc-dash/index.mpd");
            assertEquals(200, still.statusCode(), still.body());
            assertEquals(keyed.replaceAll("(?s).*cenc:default_KID=\"([^\"]+)\".*", "$1"),
                    still.body().replaceAll("(?s).*cenc:default_KID=\"([^\"]+)\".*", "$1"));
            assertEquals(200, LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/aes-clear/index_1.m3u8").statusCode());
        } finally {
            keyServer.answerNormally();
        }
        assertEquals(200, LiveFmp4EndToEndTest.get(base() + "/out/v1/aes/cenc-unkeyed/index.mpd").statusCode(),
                "keys are asked for again once the key server answers");
        var status = LiveFmp4EndToEndTest.get(base() + "/keys/v1/live/aes/cenc-unkeyed");
        assertTrue(status.body().contains("\"status\":\"OK\""), "the fault clears with the next keys: " + status.body());
        assertEquals(404, LiveFmp4EndToEndTest.get(base() + "/keys/v1/live/aes/no-such-endpoint").statusCode());
    }

    /** ffmpeg's framemd5 of the decrypted video, with its error lines. */
    private static String decode(Path file, byte[] key) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-decryption_key", java.util.HexFormat.of().formatHex(key), "-i", file.toString(),
                "-map", "0:v", "-f", "framemd5", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
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
