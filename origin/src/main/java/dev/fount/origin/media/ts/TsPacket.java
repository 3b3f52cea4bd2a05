package dev.fount.origin.media.ts;

import dev.fount.origin.media.MalformedMediaException;

/** Transport packet layout (ISO/IEC 13818-1 §2.4.3.2). Static accessors; no objects per packet. */
public final class TsPacket {

    public static final int SIZE = 188;
    public static final int SYNC_BYTE = 0x47;
    public static final int PAT_PID = 0x0000;
    public static final int NULL_PID = 0x1FFF;

    private TsPacket() {
    }

    public static int pid(byte[] ts, int packet) {
        return (ts[packet + 1] & 0x1F) << 8 | (ts[packet + 2] & 0xFF);
    }

    public static boolean payloadUnitStart(byte[] ts, int packet) {
        return (ts[packet + 1] & 0x40) != 0;
    }

    /**
     * Index of the first payload byte, skipping the adaptation field (§2.4.3.4), or -1 when
     * the packet carries no payload.
     */
    public static int payloadStart(byte[] ts, int packet) throws MalformedMediaException {
        int adaptationFieldControl = (ts[packet + 3] & 0x30) >> 4;
        if ((adaptationFieldControl & 1) == 0) {
            return -1; // '10' adaptation field only, '00' reserved: no payload either way
        }
        int start = packet + 4;
        if (adaptationFieldControl == 3) {
            int length = ts[start] & 0xFF;
            start += 1 + length;
            if (start > packet + SIZE) {
                throw new MalformedMediaException("adaptation field length " + length
                        + " overruns the TS packet at byte " + packet, packet);
            }
        }
        return start < packet + SIZE ? start : -1;
    }

    /** Checks the sync byte of the packet at {@code packet}. */
    public static void requireSync(byte[] ts, int packet) throws MalformedMediaException {
        if (ts[packet] != SYNC_BYTE) {
            throw new MalformedMediaException("lost sync: byte 0x47 expected at byte " + packet, packet);
        }
    }
}
