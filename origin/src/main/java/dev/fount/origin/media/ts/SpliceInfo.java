package dev.fount.origin.media.ts;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import dev.fount.origin.media.Pts;
import dev.fount.origin.media.SpliceEvent;

/**
 * Reads the ad avail signals of an SCTE-35 splice_info_section (ANSI/SCTE 35 §9.6):
 * splice_insert (§9.7.3) out of and back into the network, and time_signal (§9.7.4) with
 * segmentation descriptors (§10.3.3) whose type starts or ends a break, an advertisement or a
 * placement opportunity (the types MediaPackage's ad triggers name). Other commands (splice_null,
 * bandwidth_reservation, private), cancelled events, encrypted sections and sections whose
 * CRC_32 fails give nothing: a bad cue never costs the media around it.
 */
public final class SpliceInfo {

    /**
     * segmentation_type_id values that open a break (Table 22): break, provider/distributor
     * advertisement, placement opportunity and overlay placement opportunity (every type
     * MediaPackage's adTriggers can name; which count is the endpoint's choice).
     */
    static final Set<Integer> OUT_TYPES = Set.of(0x22, 0x30, 0x32, 0x34, 0x36, 0x38, 0x3A);
    /** …and the ones that close it. */
    static final Set<Integer> IN_TYPES = Set.of(0x23, 0x31, 0x33, 0x35, 0x37, 0x39, 0x3B);

    private SpliceInfo() {
    }

    /** The events of one section at [from, to), or none. */
    public static List<SpliceEvent> events(byte[] b, int from, int to) {
        try {
            return read(b, from, to);
        } catch (IndexOutOfBoundsException e) {
            return List.of();
        }
    }

    private static List<SpliceEvent> read(byte[] b, int from, int to) {
        if (to - from < 20 || (b[from] & 0xFF) != 0xFC) {
            return List.of();
        }
        int length = 3 + ((b[from + 1] & 0x0F) << 8 | b[from + 2] & 0xFF);
        if (length > to - from) {
            return List.of();
        }
        byte[] section = java.util.Arrays.copyOfRange(b, from, from + length);
        if (!PsiSection.crcValid(section, length)) {
            return List.of();
        }
        int end = from + length - 4; // before CRC_32
        if ((b[from + 4] & 0x80) != 0) {
            return List.of(); // encrypted_packet
        }
        long ptsAdjustment = ((long) (b[from + 4] & 1) << 32) | u32(b, from + 5);
        int commandLength = (b[from + 11] & 0x0F) << 8 | b[from + 12] & 0xFF;
        int commandType = b[from + 13] & 0xFF;
        int command = from + 14;
        String binary = Base64.getEncoder().encodeToString(section);
        String hex = "0x" + HexFormat.of().withUpperCase().formatHex(section);
        List<SpliceEvent> out = new ArrayList<>();
        switch (commandType) {
            case 0x05 -> {
                long eventId = u32(b, command);
                if ((b[command + 4] & 0x80) != 0) {
                    return List.of(); // splice_event_cancel_indicator
                }
                int flags = b[command + 5] & 0xFF;
                boolean outOfNetwork = (flags & 0x80) != 0;
                boolean program = (flags & 0x40) != 0;
                boolean hasDuration = (flags & 0x20) != 0;
                boolean immediate = (flags & 0x10) != 0;
                int p = command + 6;
                long pts = -1;
                if (program && !immediate) {
                    pts = spliceTime(b, p);
                    p += (b[p] & 0x80) != 0 ? 5 : 1;
                } else if (!program) {
                    int components = b[p++] & 0xFF;
                    for (int i = 0; i < components; i++) {
                        p++; // component_tag
                        if (!immediate) {
                            long t = spliceTime(b, p);
                            pts = pts < 0 ? t : pts;
                            p += (b[p] & 0x80) != 0 ? 5 : 1;
                        }
                    }
                }
                long duration = hasDuration ? ((long) (b[p] & 1) << 32) | u32(b, p + 1) : -1;
                out.add(new SpliceEvent(adjust(pts, ptsAdjustment), outOfNetwork, duration, eventId, -1, binary, hex));
            }
            case 0x06 -> {
                long pts = adjust(spliceTime(b, command), ptsAdjustment);
                int descriptors = commandLength == 0xFFF ? command + ((b[command] & 0x80) != 0 ? 5 : 1) : command + commandLength;
                int loopLength = (b[descriptors] & 0xFF) << 8 | b[descriptors + 1] & 0xFF;
                int p = descriptors + 2;
                int loopEnd = Math.min(end, p + loopLength);
                while (p + 2 <= loopEnd) {
                    int tag = b[p] & 0xFF;
                    int len = b[p + 1] & 0xFF;
                    if (tag == 0x02 && len >= 9 && p + 2 + len <= loopEnd) {
                        SpliceEvent e = segmentation(b, p + 2, p + 2 + len, pts, binary, hex);
                        if (e != null) {
                            out.add(e);
                        }
                    }
                    p += 2 + len;
                }
            }
            default -> {
                return List.of();
            }
        }
        return out;
    }

    /** A segmentation_descriptor (§10.3.3.1) after its tag and length: an event when its type opens or closes a break. */
    private static SpliceEvent segmentation(byte[] b, int p, int end, long pts, String binary, String hex) {
        if (u32(b, p) != 0x43554549L) { // "CUEI"
            return null;
        }
        long eventId = u32(b, p + 4);
        if ((b[p + 8] & 0x80) != 0) {
            return null; // segmentation_event_cancel_indicator
        }
        int flags = b[p + 9] & 0xFF;
        boolean program = (flags & 0x80) != 0;
        boolean hasDuration = (flags & 0x40) != 0;
        boolean restricted = (flags & 0x20) == 0; // delivery_not_restricted_flag
        int q = p + 10;
        if (!program) {
            q += 1 + 6 * (b[q] & 0xFF);
        }
        long duration = -1;
        if (hasDuration) {
            duration = ((long) (b[q] & 0xFF) << 32) | u32(b, q + 1);
            q += 5;
        }
        q += 1; // segmentation_upid_type
        int upidLength = b[q++] & 0xFF;
        q += upidLength;
        if (q >= end) {
            return null;
        }
        int type = b[q] & 0xFF;
        boolean opens = OUT_TYPES.contains(type);
        if (!opens && !IN_TYPES.contains(type)) {
            return null;
        }
        return new SpliceEvent(pts, opens, duration, eventId, type, binary, hex, restricted);
    }

    /** splice_time() (§9.8.1): the 33-bit pts_time when time_specified_flag is set, else -1. */
    private static long spliceTime(byte[] b, int p) {
        if ((b[p] & 0x80) == 0) {
            return -1;
        }
        return ((long) (b[p] & 1) << 32) | u32(b, p + 1);
    }

    private static long adjust(long pts, long adjustment) {
        return pts < 0 ? -1 : (pts + adjustment) & (Pts.WRAP - 1);
    }

    private static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }
}
