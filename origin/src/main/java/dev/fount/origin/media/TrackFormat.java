package dev.fount.origin.media;

import java.util.Arrays;

/**
 * What an ISO BMFF sample entry needs to describe one track: the codec and its out-of-band
 * configuration. Equality compares the configuration bytes.
 *
 * @param pid            the elementary_PID it came from (its identity across segments of a rendition)
 * @param kind           VIDEO or AUDIO
 * @param fourcc         sample entry type: "avc1", "hvc1", "mp4a", "ac-3" or "ec-3"
 * @param codecString    RFC 6381 CODECS value, e.g. "avc1.64001f", "mp4a.40.2"
 * @param timescale      ticks per second of every time in the track's samples (90000 from MPEG-TS)
 * @param width          luma width after cropping (video), else 0
 * @param height         luma height after cropping (video), else 0
 * @param sampleRate     Hz (audio), else 0
 * @param channels       channel count (audio), else 0
 * @param language       ISO 639-2/T code, or "und"
 * @param decoderConfig  the configuration box's payload: AVCDecoderConfigurationRecord (avcC),
 *                       HEVCDecoderConfigurationRecord (hvcC), AudioSpecificConfig (inside esds),
 *                       AC3SpecificBox (dac3) or EC3SpecificBox (dec3) fields
 */
public record TrackFormat(int pid, MediaKind kind, String fourcc, String codecString, int timescale,
        int width, int height, int sampleRate, int channels, String language, byte[] decoderConfig) {

    public TrackFormat {
        decoderConfig = decoderConfig.clone();
    }

    @Override
    public byte[] decoderConfig() {
        return decoderConfig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackFormat t && pid == t.pid && kind == t.kind && fourcc.equals(t.fourcc)
                && codecString.equals(t.codecString) && timescale == t.timescale && width == t.width && height == t.height
                && sampleRate == t.sampleRate && channels == t.channels && language.equals(t.language)
                && Arrays.equals(decoderConfig, t.decoderConfig);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(pid, kind, fourcc, codecString, timescale, width, height, sampleRate, channels, language)
                + Arrays.hashCode(decoderConfig);
    }

    @Override
    public String toString() {
        return "TrackFormat[pid=" + pid + ", " + fourcc + " " + codecString + ", timescale " + timescale + ", config "
                + decoderConfig.length + " bytes]";
    }
}
