package dev.fount.origin.vod;

import java.util.List;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.SegmentProbe;

/**
 * What indexing an asset's source found, kept on disk so that a restart does not read the source
 * again: per rendition, its segments on the asset's 90 kHz timeline (starting near 0), each with
 * what a probe of it gives and where its media is.
 *
 * @param sourceUri      the Asset's sourceUri it was made from
 * @param durationTicks  90 kHz from the asset's earliest sample to the end of its longest rendition
 * @param renditions     in the source's order (HLS multivariant playlist, SMIL)
 */
public record AssetIndex(String sourceUri, long durationTicks, List<Rendition> renditions) {

    /** Version of the layout on disk; an index of another version is rebuilt. */
    public static final int VERSION = 1;

    public AssetIndex {
        renditions = List.copyOf(renditions);
    }

    /**
     * @param id              a name for messages (the media playlist or file name)
     * @param nominalDuration ticks: the typical segment length, what output segment durations are rounded to
     * @param bitrate         bits per second the source declares (BANDWIDTH, system-bitrate); 0 when unknown
     * @param movie           for MP4 renditions: the absolute URI of the file; null for HLS
     */
    public record Rendition(String id, long nominalDuration, long bitrate, String movie, List<Segment> segments) {
        public Rendition {
            segments = List.copyOf(segments);
        }
    }

    /**
     * One input segment.
     *
     * @param start    ticks on the asset's timeline where it starts (its main stream's earliest presentation
     *                 time), which puts the asset's earliest sample at {@link AssetViews#LEAD}
     * @param duration ticks
     * @param probe    its streams, key frames and MPEG-TS layout (as served to HLS)
     * @param uri      HLS: the absolute URI of the segment file; null for MP4
     * @param range    HLS: its byte range within that file (EXT-X-BYTERANGE), or null for the whole file
     * @param init     HLS fMP4: the absolute URI of its initialization segment (EXT-X-MAP); else null
     * @param initRange the byte range of the initialization segment within its file, or null
     * @param samples  MP4: per track of the movie (in its order), the first and past-the-last sample index
     */
    public record Segment(long start, long duration, SegmentProbe probe, String uri, ByteRange range, String init, ByteRange initRange,
            List<int[]> samples) {
    }
}
