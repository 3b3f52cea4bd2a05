package dev.fount.origin.media;

/**
 * One access unit of a track (a video picture, an audio frame), as ISO BMFF describes a sample
 * (ISO/IEC 14496-12 §8.6): times in its track's timescale, payload in the {@link TrackSamples}
 * data it belongs to.
 *
 * @param decodeTime        decode time (DTS), monotonic within a track
 * @param compositionOffset presentation time minus decode time (PTS - DTS), 0 or more
 * @param duration          decode time to the next sample's
 * @param sync              a random access point (IDR/CRA/BLA picture; every audio frame)
 * @param offset            first payload byte in {@link TrackSamples#data()}
 * @param size              payload bytes: length-prefixed NAL units (4-byte lengths) for AVC/HEVC,
 *                          a raw frame without ADTS/LATM header for AAC, a sync frame for AC-3/E-AC-3
 */
public record Sample(long decodeTime, int compositionOffset, int duration, boolean sync, int offset, int size) {

    public long presentationTime() {
        return decodeTime + compositionOffset;
    }
}
