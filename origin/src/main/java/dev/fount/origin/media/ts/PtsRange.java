package dev.fount.origin.media.ts;

/**
 * Earliest and latest of a run of 33-bit, 90 kHz timestamps (ISO/IEC 13818-1 §2.4.3.7), robust
 * to one wrap from 2^33 - 1 to 0 inside the run: values are kept relative to the first one, taken
 * as the nearer of the two ways around the 33-bit circle.
 */
final class PtsRange {

    static final long MASK = (1L << 33) - 1;

    private long reference;
    private long minRelative;
    private long maxRelative;
    private int count;

    /** Adds a timestamp; returns true when it is the latest so far (or equal to it). */
    boolean add(long pts) {
        if (count++ == 0) {
            reference = pts;
            return true;
        }
        long relative = relative(pts, reference);
        minRelative = Math.min(minRelative, relative);
        if (relative >= maxRelative) {
            maxRelative = relative;
            return true;
        }
        return false;
    }

    int count() {
        return count;
    }

    long first() {
        return (reference + minRelative) & MASK;
    }

    long last() {
        return (reference + maxRelative) & MASK;
    }

    /** last - first in ticks, across a wrap. */
    long span() {
        return maxRelative - minRelative;
    }

    /** {@code pts - reference} on the 33-bit circle, in (-2^32, 2^32]. */
    static long relative(long pts, long reference) {
        return dev.fount.origin.media.Pts.relative(pts, reference);
    }
}
