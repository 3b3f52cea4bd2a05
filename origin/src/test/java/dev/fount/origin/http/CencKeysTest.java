package dev.fount.origin.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.fount.origin.config.CencEncryption;
import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.crypto.KeyException;
import dev.fount.origin.crypto.StaticKeyProvider;
import dev.fount.origin.crypto.TestKeyServer;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.mp4.Cenc;

/** Which key a track gets, and what its init segment and the MPD signal: static keys, SPEKE keys, rotation. */
class CencKeysTest {

    static final UUID KID = UUID.fromString("11112222-3333-4444-5555-666677778888");
    static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private static CencKeys keys() {
        CencKeys k = new CencKeys();
        k.servers = new KeyServers();
        return k;
    }

    @Test
    void aStaticKeyIsSignalledForClearKey() throws Exception {
        CencEncryption e = new CencEncryption(Cenc.Scheme.CBCS, null, 0,
                HlsEncryption.KeyServer.fixed("Secret live-key", new StaticKeyProvider(KID, KEY, null)), null, null);
        CencKeys.TrackKey k = keys().key(e, "ignored", MediaKind.VIDEO, 123_456).orElseThrow();
        assertEquals(KID, k.key().keyId());
        assertArrayEquals(KEY, k.key().key());
        assertEquals(List.of(), k.fragmentPssh(), "one key: no pssh in fragments");
        // The W3C common pssh (v1, the key id) for browsers' ClearKey; a constant IV for cbcs.
        byte[] pssh = k.protection().pssh().get(0);
        ByteBuffer b = ByteBuffer.wrap(pssh);
        assertEquals(CencKeys.COMMON, new UUID(b.getLong(12), b.getLong(20)));
        assertEquals(KID, new UUID(b.getLong(32), b.getLong(40)));
        assertEquals(16, k.protection().constantIv().length);
        String cp = CencKeys.contentProtection(k);
        assertTrue(cp.startsWith("<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cbcs\" cenc:default_KID=\"" + KID + "\"/>"), cp);
        assertTrue(cp.contains("urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\" value=\"ClearKey1.0\"><cenc:pssh>"), cp);
    }

    @Test
    void rotationGivesEachPeriodItsKeyAndNamesNoneInTheMpd() throws Exception {
        try (TestKeyServer server = TestKeyServer.start()) {
            CencEncryption e = new CencEncryption(Cenc.Scheme.CENC, null, 8,
                    new HlsEncryption.KeyServer(server.url().toString(), "live", List.of(TestKeyServer.CLEARKEY.toString()), java.util.Map.of()),
                    null, null);
            CencKeys keys = keys();
            CencKeys.TrackKey first = keys.key(e, "live", MediaKind.VIDEO, 0).orElseThrow();
            CencKeys.TrackKey same = keys.key(e, "live", MediaKind.AUDIO, 7 * 90_000).orElseThrow();
            CencKeys.TrackKey next = keys.key(e, "live", MediaKind.VIDEO, 8 * 90_000).orElseThrow();
            assertEquals(first.key().keyId(), same.key().keyId(), "one key for all tracks of a period (SPEKE v1)");
            assertNotEquals(first.key().keyId(), next.key().keyId());
            assertArrayEquals(server.keyFor(next.key().keyId()), next.key().key());
            assertTrue(!next.fragmentPssh().isEmpty(), "rotating keys travel in each fragment's pssh");
            assertTrue(!CencKeys.contentProtection(next).contains("default_KID"));
            assertEquals(2, server.requests(), "one key request per period, however many tracks ask");
        }
    }

    @Test
    void anUnusableStaticKeyNamesItsSecret() {
        CencEncryption e = new CencEncryption(Cenc.Scheme.CENC, null, 0, HlsEncryption.KeyServer.fixed("Secret gone", request -> {
            throw new KeyException(java.net.URI.create("static-key:gone"), "static key Secret gone is unusable: Secret gone does not exist", false, null);
        }), null, null);
        KeyException x = assertThrows(KeyException.class, () -> keys().key(e, "x", MediaKind.VIDEO, 0));
        assertTrue(x.getMessage().contains("Secret gone does not exist"), x.getMessage());
    }

    /**
     * SPEKE 2.0 presets 3 (SD / HD / UHD) and audio 2 (stereo / multichannel): one request asks for
     * all five keys; each track gets its class's key, as the key server issued it for that kid.
     */
    @Test
    void presetsGiveEachResolutionAndChannelClassItsKeyFromOneRequest() throws Exception {
        try (TestKeyServer server = TestKeyServer.start()) {
            CencEncryption e = new CencEncryption(Cenc.Scheme.CENC, null, 0,
                    new HlsEncryption.KeyServer(server.url().toString(), "presets", List.of(TestKeyServer.CLEARKEY.toString()), java.util.Map.of()),
                    "PRESET-VIDEO-3", "PRESET-AUDIO-2");
            CencKeys keys = keys();
            List<CencKeys.Track> tracks = List.of(new CencKeys.Track(MediaKind.VIDEO, 640, 360, null),
                    new CencKeys.Track(MediaKind.VIDEO, 1280, 720, null), new CencKeys.Track(MediaKind.VIDEO, 1920, 1080, null),
                    new CencKeys.Track(MediaKind.VIDEO, 3840, 2160, null), new CencKeys.Track(MediaKind.AUDIO, null, null, 2),
                    new CencKeys.Track(MediaKind.AUDIO, null, null, 6));
            List<UUID> kids = new java.util.ArrayList<>();
            for (CencKeys.Track t : tracks) {
                CencKeys.TrackKey k = keys.key(e, "presets", t, 0, false).orElseThrow();
                assertArrayEquals(server.keyFor(k.key().keyId()), k.key().key(), "the key the server issued for that kid");
                assertEquals(k.key().keyId(), k.protection().defaultKid());
                kids.add(k.key().keyId());
            }
            assertEquals(1, server.requests(), "all classes' keys in one request");
            assertEquals(kids.get(1), kids.get(2), "1280x720 and 1920x1080 are both HD");
            assertEquals(5, new java.util.HashSet<>(kids).size(), "SD, HD, UHD, stereo and multichannel keys differ: " + kids);
            String request = server.lastRequest();
            assertTrue(request.contains("intendedTrackType=\"UHD\"") && request.contains("minPixels=\"2073601\""), request);
            assertTrue(!request.contains("HLSSignalingData"), "DASH keys need no HLS signalling: " + request);
            // Keys for HLS playlists (CMAF) ask each system for its EXT-X-KEY too, and are the same keys.
            CencKeys.TrackKey forHls = keys.key(e, "presets", tracks.get(0), 0, true).orElseThrow();
            assertEquals(kids.get(0), forHls.key().keyId());
            assertTrue(server.lastRequest().contains("<cpix:HLSSignalingData playlist=\"media\"/>"), server.lastRequest());

            CencEncryption clearAudio = new CencEncryption(Cenc.Scheme.CENC, null, 0, e.keyServer(), "PRESET-VIDEO-2", "UNENCRYPTED");
            assertTrue(keys.key(clearAudio, "presets", new CencKeys.Track(MediaKind.AUDIO, null, null, 2), 0, false).isEmpty(), "UNENCRYPTED audio stays clear");
            assertTrue(keys.key(clearAudio, "presets", new CencKeys.Track(MediaKind.VIDEO, 1280, 720, null), 0, false).isPresent());
        }
    }
}
