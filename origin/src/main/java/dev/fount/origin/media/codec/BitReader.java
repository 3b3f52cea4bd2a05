package dev.fount.origin.media.codec;

/**
 * Reads a big-endian bit string, including the Exp-Golomb codes of ISO/IEC 14496-10 §9.1
 * and ISO/IEC 23008-2 §9.2. Works on RBSP bytes: remove emulation prevention first
 * ({@link NalUnits#unescapeRbsp}).
 */
public final class BitReader {

    private final byte[] data;
    private final int end;
    private long bitPosition;

    public BitReader(byte[] data) {
        this(data, 0, data.length);
    }

    public BitReader(byte[] data, int offset, int end) {
        this.data = data;
        this.end = end;
        this.bitPosition = (long) offset * 8;
    }

    public int readBit() {
        requireBits(1);
        int b = data[(int) (bitPosition >>> 3)] >> (7 - (int) (bitPosition & 7)) & 1;
        bitPosition++;
        return b;
    }

    public boolean readFlag() {
        return readBit() == 1;
    }

    /** Reads up to 32 bits as an unsigned value. */
    public long readBits(int count) {
        if (count < 0 || count > 32) {
            throw new IllegalArgumentException("bit count " + count + " outside 0..32");
        }
        requireBits(count);
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 1 | (data[(int) (bitPosition >>> 3)] >> (7 - (int) (bitPosition & 7)) & 1);
            bitPosition++;
        }
        return value;
    }

    public int readInt(int count) {
        if (count > 31) {
            throw new IllegalArgumentException("readInt takes at most 31 bits, use readBits");
        }
        return (int) readBits(count);
    }

    public void skipBits(long count) {
        requireBits(count);
        bitPosition += count;
    }

    /** ue(v): unsigned Exp-Golomb code. */
    public int readUe() {
        int leadingZeros = 0;
        while (readBit() == 0) {
            if (++leadingZeros > 31) {
                throw new BitstreamException("Exp-Golomb code longer than 32 bits at bit " + bitPosition);
            }
        }
        long value = (1L << leadingZeros) - 1 + readBits(leadingZeros);
        if (value > Integer.MAX_VALUE) {
            throw new BitstreamException("Exp-Golomb value " + value + " too large at bit " + bitPosition);
        }
        return (int) value;
    }

    /** se(v): signed Exp-Golomb code (14496-10 §9.1.1: 1 → 1, 2 → -1, 3 → 2 …). */
    public int readSe() {
        int codeNum = readUe();
        return (codeNum & 1) == 1 ? (codeNum + 1) / 2 : -(codeNum / 2);
    }

    public long bitsLeft() {
        return (long) end * 8 - bitPosition;
    }

    private void requireBits(long count) {
        if (bitPosition + count > (long) end * 8) {
            throw new BitstreamException("needs " + count + " more bits at bit " + bitPosition
                    + " but the structure ends at bit " + (long) end * 8);
        }
    }
}
