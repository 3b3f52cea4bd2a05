package dev.fount.origin.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes small synthetic transport streams for tests: PSI sections with a correct CRC_32, PES
 * packets, and the packets that carry them (short payloads padded with adaptation-field stuffing).
 */
final class TsWriter {

    static final int PMT_PID = 0x1000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int[] continuity = new int[8192];

    /** One elementary stream of a PMT, with its ES_info descriptors. */
    record Es(int streamType, int pid, byte[] descriptors) {
        Es(int streamType, int pid) {
            this(streamType, pid, new byte[0]);
        }
    }

    TsWriter pat() {
        return pat(PMT_PID);
    }

    TsWriter pat(int pmtPid) {
        return section(0, section(0x00, 1, bytes(0x00, 0x01, 0xE0 | pmtPid >> 8, pmtPid & 0xFF)));
    }

    TsWriter pmt(Es... streams) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(0xE1, 0x00, 0xF0, 0x00)); // PCR_PID 0x100, no program descriptors
        for (Es es : streams) {
            body.writeBytes(bytes(es.streamType, 0xE0 | es.pid >> 8, es.pid & 0xFF,
                    0xF0 | es.descriptors.length >> 8, es.descriptors.length & 0xFF));
            body.writeBytes(es.descriptors);
        }
        return section(PMT_PID, section(0x02, 1, body.toByteArray()));
    }

    /** A PSI section in packets of {@code pid}, pointer_field 0. */
    TsWriter section(int pid, byte[] section) {
        byte[] payload = new byte[section.length + 1];
        System.arraycopy(section, 0, payload, 1, section.length);
        return packets(pid, payload);
    }

    /** A PES packet (stream_id, optional PTS) in packets of {@code pid}. */
    TsWriter pes(int pid, int streamId, long pts, byte[] payload) {
        return packets(pid, pesPacket(streamId, pts, payload));
    }

    /** Splits {@code payload} over packets of {@code pid}, payload_unit_start on the first. */
    TsWriter packets(int pid, byte[] payload) {
        int offset = 0;
        boolean first = true;
        while (first || offset < payload.length) {
            int count = Math.min(184, payload.length - offset);
            byte[] packet = new byte[188];
            packet[0] = 0x47;
            packet[1] = (byte) ((first ? 0x40 : 0) | pid >> 8);
            packet[2] = (byte) pid;
            int cc = continuity[pid]++ & 0x0F;
            int start = 4;
            if (count < 184) {
                packet[3] = (byte) (0x30 | cc);
                int stuffing = 184 - count - 1;
                packet[4] = (byte) stuffing;
                if (stuffing > 0) {
                    packet[5] = 0;
                    Arrays.fill(packet, 6, 5 + stuffing, (byte) 0xFF);
                }
                start = 5 + stuffing;
            } else {
                packet[3] = (byte) (0x10 | cc);
            }
            System.arraycopy(payload, offset, packet, start, count);
            out.writeBytes(packet);
            offset += count;
            first = false;
        }
        return this;
    }

    TsWriter raw(byte[] packets) {
        out.writeBytes(packets);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] pesPacket(int streamId, long pts, byte[] payload) {
        ByteArrayOutputStream pes = new ByteArrayOutputStream();
        int headerData = pts >= 0 ? 5 : 0;
        int length = 3 + headerData + payload.length;
        pes.writeBytes(bytes(0, 0, 1, streamId, length > 0xFFFF ? 0 : length >> 8, length > 0xFFFF ? 0 : length & 0xFF,
                0x80, pts >= 0 ? 0x80 : 0x00, headerData));
        if (pts >= 0) {
            pes.writeBytes(bytes(0x21 | (int) (pts >> 29) & 0x0E, (int) (pts >> 22) & 0xFF,
                    0x01 | (int) (pts >> 14) & 0xFE, (int) (pts >> 7) & 0xFF, 0x01 | (int) (pts << 1) & 0xFE));
        }
        pes.writeBytes(payload);
        return pes.toByteArray();
    }

    /** A long-form PSI section: header, body, CRC_32 (ISO/IEC 13818-1 §2.4.4, Annex A). */
    static byte[] section(int tableId, int tableIdExtension, byte[] body) {
        int sectionLength = 5 + body.length + 4;
        byte[] s = new byte[3 + sectionLength];
        s[0] = (byte) tableId;
        s[1] = (byte) (0xB0 | sectionLength >> 8);
        s[2] = (byte) sectionLength;
        s[3] = (byte) (tableIdExtension >> 8);
        s[4] = (byte) tableIdExtension;
        s[5] = (byte) 0xC1; // version 0, current_next_indicator 1
        System.arraycopy(body, 0, s, 8, body.length);
        int crc = crc32(s, s.length - 4);
        s[s.length - 4] = (byte) (crc >> 24);
        s[s.length - 3] = (byte) (crc >> 16);
        s[s.length - 2] = (byte) (crc >> 8);
        s[s.length - 1] = (byte) crc;
        return s;
    }

    static int crc32(byte[] data, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= (data[i] & 0xFF) << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = crc < 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }

    /** An ADTS frame (AAC LC, 48 kHz, stereo) of {@code length} bytes, header included, silence after it. */
    static byte[] adtsFrame(int length) {
        byte[] f = new byte[length];
        f[0] = (byte) 0xFF;
        f[1] = (byte) 0xF1; // MPEG-4, layer 0, protection_absent
        f[2] = (byte) (1 << 6 | 3 << 2); // profile LC (1), sampling_frequency_index 3 (48 kHz), channel_configuration high bit 0
        f[3] = (byte) (2 << 6 | length >> 11 & 0x03); // channel_configuration 2
        f[4] = (byte) (length >> 3);
        f[5] = (byte) ((length & 0x07) << 5 | 0x1F);
        f[6] = (byte) 0xFC; // buffer fullness 0x7FF, one raw data block
        return f;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] repeat(byte[] part, int times) {
        byte[][] parts = new byte[times][];
        Arrays.fill(parts, part);
        return concat(parts);
    }

    static byte[] registration(String formatIdentifier) {
        return concat(bytes(0x05, 0x04), formatIdentifier.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
