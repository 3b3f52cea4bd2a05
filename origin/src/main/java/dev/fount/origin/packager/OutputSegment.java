package dev.fount.origin.packager;

import java.time.Instant;
import java.util.List;

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

    public long bytes() {
        return parts.stream().mapToLong(p -> p.source().probe().bytes()).sum();
    }
}
