package dev.fount.origin.media;

import java.util.List;

/**
 * What {@link TsProbe} found in one MPEG-TS segment.
 *
 * @param streams       the program's elementary streams, in PMT order
 * @param startPts      90 kHz, 33-bit as found: the first video PTS (earliest presentation time) when the
 *                      segment has video, else the earliest audio PTS
 * @param durationTicks 90 kHz presentation span of the main stream (video if present, else the first audio
 *                      stream with PES): last - first + one frame, across a 33-bit wrap
 * @param keyFrames     random access points of the main video stream, in order; empty for audio-only
 * @param programTables the first PAT packet up to the end of the PMT packet that follows it (the
 *                      EXT-X-MAP of an I-frame playlist)
 * @param bytes         segment length
 * @param splices       SCTE-35 ad avail signals found in the segment, in order
 */
public record SegmentProbe(List<ElementaryStream> streams, long startPts, long durationTicks,
                           List<KeyFrame> keyFrames, ByteRange programTables, long bytes, List<SpliceEvent> splices) {

    public SegmentProbe {
        streams = List.copyOf(streams);
        keyFrames = List.copyOf(keyFrames);
        splices = List.copyOf(splices);
    }

    /** A segment without SCTE-35 signals. */
    public SegmentProbe(List<ElementaryStream> streams, long startPts, long durationTicks,
                        List<KeyFrame> keyFrames, ByteRange programTables, long bytes) {
        this(streams, startPts, durationTicks, keyFrames, programTables, bytes, List.of());
    }
}
