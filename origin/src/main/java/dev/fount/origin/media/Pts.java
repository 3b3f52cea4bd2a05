package dev.fount.origin.media;

/** Arithmetic on 33-bit, 90 kHz MPEG-TS timestamps (ISO/IEC 13818-1 §2.4.3.7). */
public final class Pts {

    public static final long WRAP = 1L << 33;
    private static final long MASK = WRAP - 1;
    private static final long HALF = WRAP / 2;

    private Pts() {
    }

    /** {@code pts - reference} the short way around the 33-bit circle, in (-2^32, 2^32]. */
    public static long relative(long pts, long reference) {
        long delta = (pts - reference) & MASK;
        return delta > HALF ? delta - WRAP : delta;
    }
}
