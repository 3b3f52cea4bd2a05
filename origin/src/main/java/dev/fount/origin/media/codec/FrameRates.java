package dev.fount.origin.media.codec;

/** Frame rates declared in VUI timing info, kept only when they look like a real frame rate. */
final class FrameRates {

    private FrameRates() {
    }

    /** {@code numerator / denominator}, or null when either is zero or the rate is outside 1–300 fps. */
    static Double plausible(long numerator, long denominator) {
        if (numerator <= 0 || denominator <= 0) {
            return null;
        }
        double rate = (double) numerator / denominator;
        return rate >= 1 && rate <= 300 ? rate : null;
    }
}
