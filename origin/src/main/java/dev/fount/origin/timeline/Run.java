package dev.fount.origin.timeline;

/**
 * A stretch of contiguous media: consecutive input slots with continuous timestamps. A new run
 * starts at each discontinuity (encoder restart, timestamp jump, missing segment, input switch
 * to an encoder that is not time-locked).
 *
 * @param number                the run's position since the channel started (0, 1, …)
 * @param firstIndex            index of its first segment
 * @param lastIndex             index of its latest segment so far
 * @param discontinuitySequence discontinuities before it
 * @param startTicks            media time (90 kHz, unwrapped) where its first segment starts; never changes
 * @param startWallClock        program date time of its first segment; never changes, so a DASH Period
 *                              anchored on it keeps its start across manifest updates
 */
public record Run(int number, long firstIndex, long lastIndex, long discontinuitySequence, long startTicks,
        java.time.Instant startWallClock) {

    Run extendTo(long index) {
        return new Run(number, firstIndex, index, discontinuitySequence, startTicks, startWallClock);
    }

    /** Wall-clock time of a media time of this run, on the run's own clock (start + elapsed media time). */
    public java.time.Instant wallClockAt(long ticks) {
        return startWallClock.plusNanos((ticks - startTicks) * 100_000 / 9);   // 1e9 / 90 000 = 100 000 / 9
    }
}
