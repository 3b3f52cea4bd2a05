package dev.fount.origin.packager;

import java.time.Instant;
import java.util.List;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.timeline.ServedSegment;

/**
 * An output segment: one or more consecutive served segments of the same run, joined on their
 * key-frame boundaries to reach the endpoint's segment duration.
 *
 * @param ordinal the media sequence number; consecutive, derived from media time
 */
public record OutputSegment(long ordinal, List<ServedSegment> parts, long discontinuitySequence) {

    public long start() {
        return parts.get(0).start();
    }

    public long duration() {
        ServedSegment last = parts.get(parts.size() - 1);
        return last.end() - start();
    }

    public double durationSeconds() {
        return duration() / (double) ServedSegment.TICKS_PER_SECOND;
    }

    public Instant programDateTime() {
        return parts.get(0).programDateTime();
    }

    /**
     * Where the first stream of {@code kind} starts, unwrapped like {@link #start()} (which is
     * the video's, or the earliest audio's). Empty when the segment has no such stream.
     */
    public java.util.OptionalLong trackStart(MediaKind kind) {
        ServedSegment first = parts.get(0);
        return first.source().probe().streams().stream().filter(e -> e.kind() == kind && e.firstPts() >= 0).findFirst()
                .map(e -> java.util.OptionalLong.of(first.start() + Pts.relative(e.firstPts(), first.source().probe().startPts())))
                .orElse(java.util.OptionalLong.empty());
    }

    /**
     * Where the first stream of {@code kind} ends: after its last access unit, whose duration is
     * taken as the stream's average. Empty when the segment has no such stream.
     */
    public java.util.OptionalLong trackEnd(MediaKind kind) {
        ServedSegment last = parts.get(parts.size() - 1);
        return last.source().probe().streams().stream().filter(e -> e.kind() == kind && e.firstPts() >= 0).findFirst()
                .map(e -> {
                    long span = Pts.relative(e.lastPts(), e.firstPts());
                    long unit = e.accessUnits() > 1 ? span / (e.accessUnits() - 1) : 0;
                    long first = last.start() + Pts.relative(e.firstPts(), last.source().probe().startPts());
                    return java.util.OptionalLong.of(first + span + unit);
                }).orElse(java.util.OptionalLong.empty());
    }

    public long bytes() {
        return parts.stream().mapToLong(p -> p.source().probe().bytes()).sum();
    }
}
