package dev.fount.origin.timeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;

/** Test data: segments as the probe would describe them, without media bytes. */
public final class Probes {

    public static final long SECOND = ServedSegment.TICKS_PER_SECOND;

    private Probes() {
    }

    /** A 188 000-byte segment of H.264 + AAC starting at {@code startPts}, with a key frame at its start. */
    public static SegmentProbe segment(long startPts, long durationTicks) {
        ElementaryStream video = new ElementaryStream(256, 0x1B, MediaKind.VIDEO, "avc1", "avc1.4d401f", 640, 360, 25.0, null, null, null,
                startPts, startPts + durationTicks - 3600, 150_000, 50);
        ElementaryStream audio = new ElementaryStream(257, 0x0F, MediaKind.AUDIO, "mp4a", "mp4a.40.2", null, null, null, 48000, 2, null,
                startPts, startPts + durationTicks - 1920, 24_000, 94);
        return new SegmentProbe(List.of(video, audio), startPts, durationTicks,
                List.of(new KeyFrame(startPts, new ByteRange(376, 18_800))), new ByteRange(0, 376), 188_000);
    }

    public static InputSegment input(String input, String rendition, int n, long startPts, long durationTicks, boolean discontinuity, Instant arrival) {
        return new InputSegment(input, rendition, rendition + "_" + n + ".ts", Path.of("/nonexistent/" + rendition + "_" + n + ".ts"),
                segment(startPts, durationTicks), durationTicks / (double) SECOND, discontinuity, null, arrival);
    }
}
