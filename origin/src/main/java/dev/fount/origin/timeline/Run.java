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
 */
public record Run(int number, long firstIndex, long lastIndex, long discontinuitySequence) {

    Run extendTo(long index) {
        return new Run(number, firstIndex, index, discontinuitySequence);
    }
}
