package dev.fount.origin.media.codec;

/** Annex B byte stream helpers (ISO/IEC 14496-10 Annex B, ISO/IEC 23008-2 Annex B). */
public final class NalUnits {

    private NalUnits() {
    }

    /**
     * Finds the next start code prefix {@code 00 00 01} in {@code [from, to)} and returns the
     * index of the first byte after it (the NAL unit header), or -1.
     */
    public static int nextNalUnit(byte[] data, int from, int to) {
        int i = from + 2;
        while (i < to) {
            byte b = data[i];
            if (b == 0) {
                i++;
            } else if (b == 1 && data[i - 1] == 0 && data[i - 2] == 0) {
                return i + 1;
            } else {
                // data[i] is neither 0 nor a start code's 1: no prefix can end at i, i+1 or i+2.
                i += 3;
            }
        }
        return -1;
    }

    /**
     * End of the NAL unit that starts at some position before {@code nextNalUnit}: the index of
     * the next start code prefix, or {@code to} when there is none.
     */
    public static int endOfNalUnit(int nextNalUnit, int to) {
        return nextNalUnit < 0 ? to : nextNalUnit - 3;
    }

    /**
     * Removes emulation_prevention_three_byte (14496-10 §7.4.1: {@code 00 00 03} → {@code 00 00}),
     * turning a NAL unit into its RBSP. Meant for small parameter sets, so it allocates.
     */
    public static byte[] unescapeRbsp(byte[] data, int from, int to) {
        if (to <= from) {
            return new byte[0];
        }
        byte[] out = new byte[to - from];
        int length = 0;
        int zeros = 0;
        for (int i = from; i < to; i++) {
            byte b = data[i];
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out[length++] = b;
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return length == out.length ? out : java.util.Arrays.copyOf(out, length);
    }
}
