package dev.fount.origin.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** SPEKE 2.0 presets: how many keys each asks for, which key a track gets, and the CPIX filters that say so to the key server. */
class Speke20PresetsTest {

    private static String video(String preset, int width, int height) {
        return Speke20Presets.trackType(preset, "PRESET-AUDIO-1", true, width, height, null).orElseThrow();
    }

    private static String audio(String preset, Integer channels) {
        return Speke20Presets.trackType("PRESET-VIDEO-1", preset, false, null, null, channels).orElseThrow();
    }

    @Test
    void eachPresetAsksForMediaPackagesNumberOfKeys() {
        Map<String, Integer> video = Map.of("PRESET-VIDEO-1", 1, "PRESET-VIDEO-2", 2, "PRESET-VIDEO-3", 3, "PRESET-VIDEO-4", 4,
                "PRESET-VIDEO-5", 5, "PRESET-VIDEO-6", 4, "PRESET-VIDEO-7", 3, "PRESET-VIDEO-8", 4);
        Map<String, Integer> audio = Map.of("PRESET-AUDIO-1", 1, "PRESET-AUDIO-2", 2, "PRESET-AUDIO-3", 3);
        video.forEach((v, n) -> audio.forEach((a, m) -> assertEquals(n + m, Speke20Presets.trackTypes(v, a).size(), v + " + " + a)));
        assertEquals(List.of("SD+HD1", "HD2", "UHD", "STEREO_AUDIO", "MULTICHANNEL_AUDIO"),
                Speke20Presets.trackTypes("PRESET-VIDEO-7", "PRESET-AUDIO-2"));
        assertEquals(List.of("ALL"), Speke20Presets.trackTypes("SHARED", "SHARED"));
        assertEquals(List.of("STEREO_AUDIO", "MULTICHANNEL_AUDIO_3_6", "MULTICHANNEL_AUDIO_7"),
                Speke20Presets.trackTypes("UNENCRYPTED", "PRESET-AUDIO-3"));
        assertThrows(IllegalArgumentException.class, () -> Speke20Presets.trackTypes("UNENCRYPTED", "UNENCRYPTED"));
        assertThrows(IllegalArgumentException.class, () -> Speke20Presets.trackTypes("PRESET-VIDEO-9", "PRESET-AUDIO-1"));
    }

    @Test
    void videoGoesByResolutionAtMediaPackagesBoundaries() {
        assertEquals("VIDEO", video("PRESET-VIDEO-1", 7680, 4320));
        assertEquals("SD", video("PRESET-VIDEO-2", 1024, 576));
        assertEquals("HD", video("PRESET-VIDEO-2", 1024, 578));
        assertEquals("HD", video("PRESET-VIDEO-2", 7680, 4320), "preset 2's HD has no upper bound");
        assertEquals("HD", video("PRESET-VIDEO-3", 1920, 1080));
        assertEquals("UHD", video("PRESET-VIDEO-3", 1920, 1082));
        assertEquals("UHD1", video("PRESET-VIDEO-4", 4096, 2160));
        assertEquals("UHD2", video("PRESET-VIDEO-4", 7680, 4320));
        assertEquals("HD1", video("PRESET-VIDEO-5", 1280, 720));
        assertEquals("HD2", video("PRESET-VIDEO-5", 1280, 722));
        assertEquals("HD2", video("PRESET-VIDEO-6", 1920, 1080));
        assertEquals("UHD", video("PRESET-VIDEO-6", 3840, 2160));
        assertEquals("SD+HD1", video("PRESET-VIDEO-7", 640, 360));
        assertEquals("SD+HD1", video("PRESET-VIDEO-7", 1280, 720));
        assertEquals("HD2", video("PRESET-VIDEO-8", 1920, 1080));
        assertEquals("UHD1", video("PRESET-VIDEO-8", 3840, 2160));
        assertEquals("SD", Speke20Presets.trackType("PRESET-VIDEO-3", "PRESET-AUDIO-1", true, null, null, null).orElseThrow(),
                "an unknown resolution counts as the lowest class");
    }

    @Test
    void audioGoesByChannelCount() {
        assertEquals("AUDIO", audio("PRESET-AUDIO-1", 8));
        assertEquals("STEREO_AUDIO", audio("PRESET-AUDIO-2", 2));
        assertEquals("STEREO_AUDIO", audio("PRESET-AUDIO-2", 1));
        assertEquals("STEREO_AUDIO", audio("PRESET-AUDIO-2", null));
        assertEquals("MULTICHANNEL_AUDIO", audio("PRESET-AUDIO-2", 3));
        assertEquals("MULTICHANNEL_AUDIO", audio("PRESET-AUDIO-2", 8));
        assertEquals("MULTICHANNEL_AUDIO_3_6", audio("PRESET-AUDIO-3", 6));
        assertEquals("MULTICHANNEL_AUDIO_7", audio("PRESET-AUDIO-3", 7));
    }

    @Test
    void unencryptedAndSharedSides() {
        assertEquals(Optional.empty(), Speke20Presets.trackType("UNENCRYPTED", "PRESET-AUDIO-1", true, 640, 360, null));
        assertEquals(Optional.of("AUDIO"), Speke20Presets.trackType("UNENCRYPTED", "PRESET-AUDIO-1", false, null, null, 2));
        assertEquals(Optional.of("ALL"), Speke20Presets.trackType("SHARED", "SHARED", true, 3840, 2160, null));
        assertEquals(Optional.of("ALL"), Speke20Presets.trackType("SHARED", "SHARED", false, null, null, 6));
        // MediaPackage refuses these pairs (so does the CRD); read from a folder, the UNENCRYPTED side stays clear.
        assertEquals(Optional.empty(), Speke20Presets.trackType("SHARED", "UNENCRYPTED", false, null, null, 2));
        assertEquals(Optional.of("ALL"), Speke20Presets.trackType("SHARED", "UNENCRYPTED", true, 640, 360, null));
        assertEquals(Optional.empty(), Speke20Presets.trackType("UNENCRYPTED", "UNENCRYPTED", true, 640, 360, null));
    }

    /** Whatever the preset, the key a track gets is the one whose CPIX filter takes it, and no other filter of the request does. */
    @Test
    void theFiltersSentAgreeWithTheKeyATrackGets() {
        int[][] sizes = {{320, 180}, {1024, 576}, {1024, 578}, {1280, 720}, {1280, 722}, {1920, 1080}, {1920, 1082}, {3840, 2160},
                {4096, 2160}, {4096, 2162}, {7680, 4320}};
        for (int p = 1; p <= 8; p++) {
            String preset = "PRESET-VIDEO-" + p;
            List<String> types = Speke20Presets.trackTypes(preset, "PRESET-AUDIO-3");
            for (int[] s : sizes) {
                long pixels = (long) s[0] * s[1];
                List<String> taking = types.stream().filter(t -> {
                    Speke20Presets.Filter f = Speke20Presets.filter(t, types);
                    return f.video() && (f.minPixels() == null || pixels >= f.minPixels()) && (f.maxPixels() == null || pixels <= f.maxPixels());
                }).toList();
                assertEquals(List.of(video(preset, s[0], s[1])), taking, preset + " " + s[0] + "x" + s[1]);
            }
            for (int channels = 1; channels <= 16; channels++) {
                int n = channels;
                List<String> taking = types.stream().filter(t -> {
                    Speke20Presets.Filter f = Speke20Presets.filter(t, types);
                    return f.audio() && (f.minChannels() == null || n >= f.minChannels()) && (f.maxChannels() == null || n <= f.maxChannels());
                }).toList();
                assertEquals(List.of(audio("PRESET-AUDIO-3", n)), taking, channels + " channels");
            }
        }
    }

    @Test
    void theCpixRequestCarriesEachKeysTrackTypeAndBounds() {
        List<String> types = Speke20Presets.trackTypes("PRESET-VIDEO-3", "PRESET-AUDIO-2");
        KeyRequest request = new KeyRequest("live", List.of(UUID.fromString("e2719d58-a985-b3c9-781a-b030af78d30e")), KeyRequest.NO_ROTATION,
                types, true, "cenc");
        String xml = Cpix.request(request, Cpix.kids(request), null);
        assertTrue(xml.contains("intendedTrackType=\"SD\">\n      <cpix:VideoFilter maxPixels=\"589824\"/>"), xml);
        assertTrue(xml.contains("intendedTrackType=\"HD\">\n      <cpix:VideoFilter minPixels=\"589825\" maxPixels=\"2073600\"/>"), xml);
        assertTrue(xml.contains("intendedTrackType=\"UHD\">\n      <cpix:VideoFilter minPixels=\"2073601\"/>"), xml);
        assertTrue(xml.contains("intendedTrackType=\"STEREO_AUDIO\">\n      <cpix:AudioFilter maxChannels=\"2\"/>"), xml);
        assertTrue(xml.contains("intendedTrackType=\"MULTICHANNEL_AUDIO\">\n      <cpix:AudioFilter minChannels=\"3\"/>"), xml);
        assertEquals(5, xml.split("<cpix:ContentKey ", -1).length - 1, xml);
    }
}
