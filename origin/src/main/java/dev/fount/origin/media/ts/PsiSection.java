package dev.fount.origin.media.ts;

/**
 * Collects one PSI section (ISO/IEC 13818-1 §2.4.4) from the packets of its PID: the section
 * starts where the pointer_field of a payload_unit_start packet says and may run on into
 * following packets.
 */
final class PsiSection {

    /** 3 header bytes plus the largest section_length (§2.4.4.11: 1021 for PSI; 4093 for private sections). */
    private final byte[] buffer = new byte[4096];
    private int length;
    private boolean collecting;
    private int startPacket = -1;

    /**
     * Feeds a packet's payload. Returns true once a whole section is in {@link #bytes()}.
     *
     * @param packet byte offset of the TS packet, remembered as where the section started
     */
    boolean feed(byte[] ts, int packet, int payloadStart, int payloadEnd, boolean unitStart) {
        int from = payloadStart;
        if (unitStart) {
            int pointer = ts[from] & 0xFF;
            from += 1 + pointer;
            if (from >= payloadEnd) {
                collecting = false;
                return false;
            }
            collecting = true;
            length = 0;
            startPacket = packet;
        } else if (!collecting) {
            return false;
        }
        int count = Math.min(payloadEnd - from, buffer.length - length);
        System.arraycopy(ts, from, buffer, length, count);
        length += count;
        if (length >= 3 && (length >= sectionSize() || length == buffer.length)) {
            collecting = false;
            return true;
        }
        return false;
    }

    /**
     * The whole section, header to CRC, in {@code bytes()[0 .. sectionSize())}. When the buffer filled
     * up first, {@link #sectionSize()} exceeds {@link #collected()} and the section is malformed.
     */
    byte[] bytes() {
        return buffer;
    }

    int sectionSize() {
        return 3 + ((buffer[1] & 0x0F) << 8 | (buffer[2] & 0xFF));
    }

    int collected() {
        return length;
    }

    int startPacket() {
        return startPacket;
    }

    /** CRC_32 of Annex A (polynomial 0x04C11DB7, no reflection): zero over a whole valid section. */
    static boolean crcValid(byte[] section, int size) {
        return crc32(section, 0, size) == 0;
    }

    /** CRC_32 of Annex A over {@code data[from .. to)}: the value a section writes in its last 4 bytes. */
    static int crc32(byte[] data, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ data[i]) & 0xFF];
        }
        return crc;
    }

    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 0x80000000) != 0 ? c << 1 ^ 0x04C11DB7 : c << 1;
            }
            CRC_TABLE[i] = c;
        }
    }
}
