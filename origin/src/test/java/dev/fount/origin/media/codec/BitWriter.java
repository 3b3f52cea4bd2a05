package dev.fount.origin.media.codec;

import java.io.ByteArrayOutputStream;

/** Writes bit strings and Exp-Golomb codes, to build codec headers by hand in tests. */
public final class BitWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int bits;

    public BitWriter u(int count, long value) {
        for (int i = count - 1; i >= 0; i--) {
            current = current << 1 | (int) (value >> i & 1);
            if (++bits == 8) {
                out.write(current);
                current = 0;
                bits = 0;
            }
        }
        return this;
    }

    public BitWriter flag(boolean value) {
        return u(1, value ? 1 : 0);
    }

    /** ue(v): 14496-10 §9.1. */
    public BitWriter ue(int value) {
        long codeNum = value + 1L;
        int length = 64 - Long.numberOfLeadingZeros(codeNum);
        return u(length - 1, 0).u(length, codeNum);
    }

    public BitWriter se(int value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** rbsp_trailing_bits(): a stop bit, then zeros to the byte boundary. */
    public BitWriter trailingBits() {
        u(1, 1);
        while (bits != 0) {
            u(1, 0);
        }
        return this;
    }

    /** The bytes so far, a partial last byte padded with zeros. */
    public byte[] toByteArray() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        if (bits > 0) {
            copy.write(current << (8 - bits));
        }
        return copy.toByteArray();
    }
}
