package dev.fount.origin.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SPEKE 2.0's encryption contract: which keys a pair of presets asks the key server for (CPIX
 * {@code ContentKeyUsageRule@intendedTrackType}), and which of them encrypts a track, by the
 * video's resolution or the audio's channel count, as MediaPackage defines its presets:
 *
 * <pre>
 * PRESET-VIDEO-1  VIDEO                      PRESET-AUDIO-1  AUDIO
 * PRESET-VIDEO-2  SD, HD                     PRESET-AUDIO-2  STEREO_AUDIO, MULTICHANNEL_AUDIO
 * PRESET-VIDEO-3  SD, HD, UHD                PRESET-AUDIO-3  STEREO_AUDIO, MULTICHANNEL_AUDIO_3_6, MULTICHANNEL_AUDIO_7
 * PRESET-VIDEO-4  SD, HD, UHD1, UHD2
 * PRESET-VIDEO-5  SD, HD1, HD2, UHD1, UHD2   SHARED       one key (ALL) for every track
 * PRESET-VIDEO-6  SD, HD1, HD2, UHD          UNENCRYPTED  that side in the clear
 * PRESET-VIDEO-7  SD+HD1, HD2, UHD
 * PRESET-VIDEO-8  SD+HD1, HD2, UHD1, UHD2
 * </pre>
 *
 * Classes start above a resolution (SD: any; HD, HD1: over 1024x576; HD2: over 1280x720; UHD,
 * UHD1: over 1920x1080; UHD2: over 4096x2160), counted in pixels as CPIX's VideoFilter does, and
 * end where the preset's next class starts. Audio: STEREO up to 2 channels, MULTICHANNEL from 3
 * (the _3_6 class up to 6), _7 from 7. Every track falls in exactly one class of its preset.
 */
public final class Speke20Presets {

    /** The key every track shares under SHARED. */
    public static final String ALL = "ALL";

    private static final Map<String, List<String>> VIDEO = Map.of(
            "PRESET-VIDEO-1", List.of("VIDEO"),
            "PRESET-VIDEO-2", List.of("SD", "HD"),
            "PRESET-VIDEO-3", List.of("SD", "HD", "UHD"),
            "PRESET-VIDEO-4", List.of("SD", "HD", "UHD1", "UHD2"),
            "PRESET-VIDEO-5", List.of("SD", "HD1", "HD2", "UHD1", "UHD2"),
            "PRESET-VIDEO-6", List.of("SD", "HD1", "HD2", "UHD"),
            "PRESET-VIDEO-7", List.of("SD+HD1", "HD2", "UHD"),
            "PRESET-VIDEO-8", List.of("SD+HD1", "HD2", "UHD1", "UHD2"));

    private static final Map<String, List<String>> AUDIO = Map.of(
            "PRESET-AUDIO-1", List.of("AUDIO"),
            "PRESET-AUDIO-2", List.of("STEREO_AUDIO", "MULTICHANNEL_AUDIO"),
            "PRESET-AUDIO-3", List.of("STEREO_AUDIO", "MULTICHANNEL_AUDIO_3_6", "MULTICHANNEL_AUDIO_7"));

    /** Where each video class starts: its tracks have more pixels than this. */
    private static final Map<String, Long> VIDEO_ABOVE = Map.of(
            "VIDEO", 0L, "SD", 0L, "SD+HD1", 0L,
            "HD", 1024L * 576, "HD1", 1024L * 576,
            "HD2", 1280L * 720,
            "UHD", 1920L * 1080, "UHD1", 1920L * 1080,
            "UHD2", 4096L * 2160);

    /** Where each audio class starts: its tracks have at least this many channels. */
    private static final Map<String, Integer> AUDIO_FROM = Map.of(
            "AUDIO", 1, "STEREO_AUDIO", 1, "MULTICHANNEL_AUDIO", 3, "MULTICHANNEL_AUDIO_3_6", 3, "MULTICHANNEL_AUDIO_7", 7);

    /**
     * The bounds of one key's tracks, as CPIX 2.3's filters state them (all inclusive, null for
     * none): a VideoFilter's min/maxPixels, an AudioFilter's min/maxChannels; ALL has both filters.
     */
    public record Filter(boolean video, boolean audio, Long minPixels, Long maxPixels, Integer minChannels, Integer maxChannels) {
    }

    private Speke20Presets() {
    }

    /** Whether the pair names presets MediaPackage knows. */
    public static void check(String videoPreset, String audioPreset) {
        if (!VIDEO.containsKey(videoPreset) && !videoPreset.equals("SHARED") && !videoPreset.equals("UNENCRYPTED")) {
            throw new IllegalArgumentException("unknown SPEKE 2.0 video preset " + videoPreset);
        }
        if (!AUDIO.containsKey(audioPreset) && !audioPreset.equals("SHARED") && !audioPreset.equals("UNENCRYPTED")) {
            throw new IllegalArgumentException("unknown SPEKE 2.0 audio preset " + audioPreset);
        }
        if (videoPreset.equals("UNENCRYPTED") && audioPreset.equals("UNENCRYPTED")) {
            throw new IllegalArgumentException("SPEKE 2.0 presets UNENCRYPTED for both video and audio encrypt nothing");
        }
    }

    /** The keys to ask for, video classes first, in preset order: one request gets them all. */
    public static List<String> trackTypes(String videoPreset, String audioPreset) {
        check(videoPreset, audioPreset);
        if (videoPreset.equals("SHARED") || audioPreset.equals("SHARED")) {
            return List.of(ALL);
        }
        List<String> types = new ArrayList<>(VIDEO.getOrDefault(videoPreset, List.of()));
        types.addAll(AUDIO.getOrDefault(audioPreset, List.of()));
        return List.copyOf(types);
    }

    /**
     * The key of a track: a video track by its resolution (unknown counts as the lowest class),
     * an audio track by its channel count (unknown counts as stereo); empty when its side is
     * UNENCRYPTED.
     */
    public static Optional<String> trackType(String videoPreset, String audioPreset, boolean video, Integer width, Integer height,
            Integer channels) {
        if ((video ? videoPreset : audioPreset).equals("UNENCRYPTED")) {
            return Optional.empty();
        }
        if (trackTypes(videoPreset, audioPreset).equals(List.of(ALL))) {
            return Optional.of(ALL);
        }
        List<String> side = video ? VIDEO.get(videoPreset) : AUDIO.get(audioPreset);
        String chosen = side.get(0);
        if (video) {
            long pixels = width == null || height == null ? 0 : (long) width * height;
            for (String t : side) {
                if (pixels > VIDEO_ABOVE.get(t)) {
                    chosen = t;
                }
            }
        } else {
            int n = channels == null ? 2 : channels;
            for (String t : side) {
                if (n >= AUDIO_FROM.get(t)) {
                    chosen = t;
                }
            }
        }
        return Optional.of(chosen);
    }

    /**
     * The filter of key {@code trackType} among the keys of one request: a class ends where the
     * next class of the same kind in the request starts. A type no preset defines gets an
     * unbounded filter of the kind its name suggests.
     */
    public static Filter filter(String trackType, List<String> requested) {
        if (trackType.equals(ALL)) {
            return new Filter(true, true, null, null, null, null);
        }
        if (VIDEO_ABOVE.containsKey(trackType)) {
            long above = VIDEO_ABOVE.get(trackType);
            Long next = requested.stream().filter(VIDEO_ABOVE::containsKey).map(VIDEO_ABOVE::get).filter(v -> v > above)
                    .min(Long::compare).orElse(null);
            return new Filter(true, false, above == 0 ? null : above + 1, next, null, null);
        }
        if (AUDIO_FROM.containsKey(trackType)) {
            int from = AUDIO_FROM.get(trackType);
            Integer next = requested.stream().filter(AUDIO_FROM::containsKey).map(AUDIO_FROM::get).filter(v -> v > from)
                    .min(Integer::compare).orElse(null);
            return new Filter(false, true, null, null, from == 1 ? null : from, next == null ? null : next - 1);
        }
        boolean audio = trackType.toUpperCase(java.util.Locale.ROOT).contains("AUDIO");
        return new Filter(!audio, audio, null, null, null, null);
    }
}
