package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.BitstreamException;

import java.util.Arrays;

/**
 * Gathers the payloads of one PID's packets into whole PES packets (ISO/IEC 13818-1 §2.4.3.6):
 * a PES begins in a packet with payload_unit_start_indicator set and ends where the next begins.
 * The buffer is reused from one PES to the next.
 */
final class PesAssembler {

    static final long NO_PTS = -1;

    private byte[] buffer;
    private int length;
    private int startPacket = -1;
    private long pts = NO_PTS;
    private long dts = NO_PTS;
    private int payloadStart;
    private int payloadEnd;

    PesAssembler(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    boolean active() {
        return startPacket >= 0;
    }

    /** Starts a PES in the packet at byte {@code packet}. */
    void start(int packet) {
        startPacket = packet;
        length = 0;
        pts = NO_PTS;
        dts = NO_PTS;
    }

    void append(byte[] ts, int from, int to) {
        int count = to - from;
        if (length + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + count));
        }
        System.arraycopy(ts, from, buffer, length, count);
        length += count;
    }

    void reset() {
        startPacket = -1;
    }

    /**
     * Reads the PES header (§2.4.3.7). Returns false when the bytes do not begin with a
     * packet_start_code_prefix.
     */
    boolean parseHeader() {
        byte[] b = buffer;
        if (length < 6 || b[0] != 0 || b[1] != 0 || b[2] != 1) {
            return false;
        }
        int streamId = b[3] & 0xFF;
        int pesPacketLength = (b[4] & 0xFF) << 8 | (b[5] & 0xFF);
        // 0 means unbounded (allowed for video, §2.4.3.7); a shorter run means the segment cut the PES.
        payloadEnd = pesPacketLength == 0 ? length : Math.min(length, 6 + pesPacketLength);
        if (!hasOptionalHeader(streamId)) {
            payloadStart = 6;
            return true;
        }
        if (payloadEnd < 9) {
            throw new BitstreamException("PES header is cut short after " + payloadEnd + " bytes");
        }
        int headerDataLength = b[8] & 0xFF;
        payloadStart = 9 + headerDataLength;
        if (payloadStart > payloadEnd) {
            throw new BitstreamException("PES_header_data_length " + headerDataLength + " overruns the PES packet");
        }
        int ptsDtsFlags = (b[7] & 0xC0) >> 6;
        if ((ptsDtsFlags & 2) != 0) {
            if (headerDataLength < 5) {
                throw new BitstreamException("PES header announces a PTS but holds " + headerDataLength + " bytes");
            }
            pts = readTimestamp(b, 9);
            // '11': a DTS follows the PTS; '01' is forbidden and read as no timestamp at all.
            if (ptsDtsFlags == 3 && headerDataLength >= 10) {
                dts = readTimestamp(b, 14);
            }
        }
        return true;
    }

    /** §2.4.3.7: 4 bits prefix, then 3 + 15 + 15 bits of timestamp separated by marker bits. */
    static long readTimestamp(byte[] b, int i) {
        return ((long) (b[i] & 0x0E)) << 29
                | (long) (b[i + 1] & 0xFF) << 22
                | (long) (b[i + 2] & 0xFE) << 14
                | (long) (b[i + 3] & 0xFF) << 7
                | (long) (b[i + 4] & 0xFE) >> 1;
    }

    /** Table 2-22: these stream_ids carry PES_packet_data_bytes straight after PES_packet_length. */
    private static boolean hasOptionalHeader(int streamId) {
        return switch (streamId) {
            case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> false;
            default -> true;
        };
    }

    byte[] data() {
        return buffer;
    }

    /** Bytes gathered so far, header included. */
    int length() {
        return length;
    }

    int startPacket() {
        return startPacket;
    }

    boolean hasPts() {
        return pts != NO_PTS;
    }

    long pts() {
        return pts;
    }

    /** The DTS when the header carries one (PTS_DTS_flags '11'), else {@link #NO_PTS}. */
    long dts() {
        return dts;
    }

    int payloadStart() {
        return payloadStart;
    }

    int payloadEnd() {
        return payloadEnd;
    }
}
