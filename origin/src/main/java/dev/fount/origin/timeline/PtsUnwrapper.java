package dev.fount.origin.timeline;

/**
 * MPEG-TS timestamps are 33-bit and wrap every 26.5 hours (ISO/IEC 13818-1 §2.4.3.7). This
 * turns them into a monotonic 64-bit media time for a channel.
 */
final class PtsUnwrapper {

    static final long WRAP = dev.fount.origin.media.Pts.WRAP;
    private static final long HALF = WRAP / 2;

    private long wraps;
    private long lastRaw = -1;

    long unwrap(long raw) {
        raw &= WRAP - 1;
        if (lastRaw < 0) {
            lastRaw = raw;
            return raw;
        }
        if (raw < lastRaw - HALF) {
            wraps++;            // crossed the wrap going forward
            lastRaw = raw;
        } else if (raw > lastRaw + HALF) {
            return raw + (wraps - 1) * WRAP;  // a late segment from before the wrap
        } else if (raw > lastRaw) {
            lastRaw = raw;
        }
        return raw + wraps * WRAP;
    }
}
