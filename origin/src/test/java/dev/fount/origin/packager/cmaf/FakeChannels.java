package dev.fount.origin.packager.cmaf;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.InputSegment;
import dev.fount.origin.timeline.ServedSegment;

/**
 * Test timelines for the fMP4 packagers: segments as the probe would describe them, whose audio
 * starts 50 ms after the video and ends 100 ms before the segment does, so audio spans differ
 * from segment durations.
 */
public final class FakeChannels {

    public static final long SECOND = ServedSegment.TICKS_PER_SECOND;
    public static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    public static final long AUDIO_DELAY = 4500;

    private FakeChannels() {
    }

    /** One rendition of a ladder. */
    public record Rendition(String id, boolean video, String audioLanguage, long videoBytes) {
    }

    public static SegmentProbe probe(Rendition r, long startPts, long durationTicks) {
        List<ElementaryStream> streams = new ArrayList<>();
        if (r.video()) {
            streams.add(new ElementaryStream(256, 0x1B, MediaKind.VIDEO, "avc1", "avc1.4d401f", 640, 360, 25.0, null, null, null,
                    startPts, startPts + durationTicks - 3600, r.videoBytes(), 50));
        }
        if (r.audioLanguage() != null) {
            String language = r.audioLanguage().isEmpty() ? null : r.audioLanguage();
            long audioStart = r.video() ? startPts + AUDIO_DELAY : startPts;
            streams.add(new ElementaryStream(257, 0x0F, MediaKind.AUDIO, "mp4a", "mp4a.40.2", null, null, null, 48000, 2, language,
                    audioStart, startPts + durationTicks - 9000, 24_000, 89));
        }
        List<KeyFrame> keys = r.video() ? List.of(new KeyFrame(startPts, new ByteRange(376, 18_800))) : List.of();
        return new SegmentProbe(streams, startPts, durationTicks, keys, new ByteRange(0, 376), r.videoBytes() + 30_000);
    }

    /**
     * A ladder fed {@code count} two-second segments from slot 1000, with a restart (timestamp
     * jump back to 10 s) before segment {@code restartAt} (none when negative).
     */
    public static ChannelView channel(List<Rendition> ladder, int count, int restartAt) {
        return channel(ladder, count, restartAt, java.util.Map.of());
    }

    /** The same with SCTE-35 signals in the segments of the given indexes. */
    public static ChannelView channel(List<Rendition> ladder, int count, int restartAt,
            java.util.Map<Integer, List<dev.fount.origin.media.SpliceEvent>> signals) {
        ChannelTimeline t = new ChannelTimeline("live");
        t.declareRenditions(ladder.stream().map(Rendition::id).toList());
        long pts = 1000 * 2 * SECOND;
        for (int i = 0; i < count; i++) {
            if (i == restartAt) {
                pts = 10 * SECOND;
            }
            for (Rendition r : ladder) {
                SegmentProbe probe = probe(r, pts, 2 * SECOND);
                if (signals.containsKey(i)) {
                    probe = new SegmentProbe(probe.streams(), probe.startPts(), probe.durationTicks(), probe.keyFrames(),
                            probe.programTables(), probe.bytes(), signals.get(i));
                }
                t.onSegment(new InputSegment("1", r.id(), r.id() + "_" + i + ".ts", Path.of("/nonexistent/" + r.id() + "_" + i + ".ts"), probe,
                        2.0, false, null, T0.plusSeconds(2L * i)), 2.0);
            }
            pts += 2 * SECOND;
        }
        return t.view();
    }

    /** Where segment {@code i} of {@link #channel} starts (no restart before it), as a 90 kHz PTS. */
    public static long pts(int i) {
        return (1000 + i) * 2 * SECOND;
    }

    /** Two renditions with video and English audio (the second with more video bytes), 40 segments, a restart before the 30th. */
    public static ChannelView twoRenditions() {
        return channel(List.of(new Rendition("channel_0", true, "eng", 150_000), new Rendition("channel_1", true, "eng", 300_000)), 40, 30);
    }
}
