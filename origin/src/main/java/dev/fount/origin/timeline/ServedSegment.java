package dev.fount.origin.timeline;

import java.time.Instant;

/**
 * A segment in a channel's served timeline.
 *
 * @param start                 media time in 90 kHz ticks, unwrapped (monotonic within a run)
 * @param duration              in 90 kHz ticks
 * @param index                 the input slot: round(start / nominal duration) within the first run, then
 *                              consecutive; derived from media time so replicas fed the same input agree
 * @param run                   which run of contiguous media it belongs to (see {@link Run})
 * @param discontinuitySequence how many discontinuities precede it since the channel started
 * @param programDateTime       wall-clock time of its first sample
 */
public record ServedSegment(InputSegment source, long start, long duration, long index, int run,
        long discontinuitySequence, Instant programDateTime) {

    public static final long TICKS_PER_SECOND = 90_000;

    public long end() {
        return start + duration;
    }

    public double durationSeconds() {
        return duration / (double) TICKS_PER_SECOND;
    }
}
