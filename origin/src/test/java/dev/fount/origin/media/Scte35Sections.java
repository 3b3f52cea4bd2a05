package dev.fount.origin.media;

import static dev.fount.origin.media.TsWriter.bytes;
import static dev.fount.origin.media.TsWriter.concat;

import java.io.ByteArrayOutputStream;

/** SCTE-35 splice_info_sections for tests (SCTE 35 §9.6), CRC_32 included. */
public final class Scte35Sections {

    private Scte35Sections() {
    }


    /**
     * A splice_insert() section (SCTE 35 §9.7.3): program splice, {@code pts} &lt; 0 for splice_immediate,
     * {@code duration} &lt; 0 for none; {@code padding} bytes of avail_descriptors after it.
     */
    public static byte[] spliceInsert(long eventId, boolean out, long pts, long duration, long adjustment, int padding) {
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(u32(eventId));
        command.write(0x7F); // cancel 0, reserved
        int flags = (out ? 0x80 : 0) | 0x40 | (duration >= 0 ? 0x20 : 0) | (pts < 0 ? 0x10 : 0) | 0x0F;
        command.write(flags);
        if (pts >= 0) {
            command.write(0xFE | (int) (pts >> 32));
            command.writeBytes(u32(pts));
        }
        if (duration >= 0) {
            command.write(0xFE | (int) (duration >> 32)); // auto_return 1
            command.writeBytes(u32(duration));
        }
        command.writeBytes(bytes(0x00, 0x01, 0x00, 0x00)); // unique_program_id, avail_num, avails_expected
        byte[] cmd = command.toByteArray();
        ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
        for (int left = padding; left > 0; ) {
            int n = Math.min(left - 2, 8);
            descriptors.write(0x00); // avail_descriptor
            descriptors.write(n);
            descriptors.write(new byte[] {'C', 'U', 'E', 'I', 0, 0, 0, 1}, 0, n);
            left -= 2 + n;
        }
        byte[] d = descriptors.toByteArray();
        byte[] body = concat(bytes(0x00, // protocol_version
                        (int) (adjustment >> 32) & 1, // encrypted 0, algorithm 0, pts_adjustment bit 32
                        (int) (adjustment >> 24) & 0xFF, (int) (adjustment >> 16) & 0xFF, (int) (adjustment >> 8) & 0xFF, (int) adjustment & 0xFF,
                        0xFF, // cw_index
                        0xFF, 0xF0 | cmd.length >> 8, cmd.length & 0xFF, // tier, splice_command_length
                        0x05), // splice_insert
                cmd, bytes(d.length >> 8, d.length & 0xFF), d);
        return section(body);
    }

    public static byte[] section(byte[] body) {
        byte[] section = new byte[3 + body.length + 4];
        int length = body.length + 4;
        section[0] = (byte) 0xFC;
        section[1] = (byte) (0x30 | length >> 8);
        section[2] = (byte) length;
        System.arraycopy(body, 0, section, 3, body.length);
        fixCrc(section);
        return section;
    }

    /** Rewrites a section's CRC_32 after its bytes changed. */
    public static void fixCrc(byte[] section) {
        int crc = TsWriter.crc32(section, section.length - 4);
        for (int i = 0; i < 4; i++) {
            section[section.length - 4 + i] = (byte) (crc >> (24 - 8 * i));
        }
    }

    private static byte[] u32(long v) {
        return bytes((int) (v >> 24) & 0xFF, (int) (v >> 16) & 0xFF, (int) (v >> 8) & 0xFF, (int) v & 0xFF);
    }
}
