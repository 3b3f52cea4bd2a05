package dev.fount.origin.media.ts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The PMT of a SAMPLE-AES segment (Apple, "MPEG-2 Stream Encryption Format for HTTP Live Streaming",
 * §3.0 Transport Stream Signaling): encrypted streams get new stream_type values and descriptors.
 *
 * <ul>
 *   <li>H.264: stream_type 0xDB and a private_data_indicator_descriptor (ISO/IEC 13818-1 §2.6.28) 'zavc'.</li>
 *   <li>AAC: stream_type 0xCF, a private_data_indicator_descriptor 'aacd', and a registration_descriptor
 *       (§2.6.8) with format_identifier 'apad' whose additional_identification_info is the
 *       audio setup information of §2.3, the AudioSpecificConfig as its setup_data.</li>
 * </ul>
 *
 * The descriptors are added after the ones the stream already has.
 */
final class SampleAesPmt {

    static final int STREAM_TYPE_H264 = 0xDB;
    static final int STREAM_TYPE_AAC = 0xCF;
    /** stream_type values of §3.0 for SAMPLE-AES AC-3 and E-AC-3: already encrypted, like the two above. */
    static final int STREAM_TYPE_AC3 = 0xC1;
    static final int STREAM_TYPE_EAC3 = 0xC2;

    private static final int TAG_REGISTRATION = 0x05;
    private static final int TAG_PRIVATE_DATA_INDICATOR = 0x0F;
    /** ISO/IEC 13818-1 §2.4.4.9: section_length is at most 1021 for a PMT, ES_info_length has 10 usable bits. */
    private static final int MAX_SECTION_LENGTH = 1021;
    private static final int MAX_ES_INFO_LENGTH = 0x3FF;

    private SampleAesPmt() {
    }

    /** How one elementary stream's PMT entry changes. */
    record Change(int streamType, byte[] descriptors) {
    }

    /** stream_type 0xDB, private_data_indicator 'zavc'. */
    static Change h264() {
        return new Change(STREAM_TYPE_H264, privateDataIndicator("zavc"));
    }

    /**
     * stream_type 0xCF, private_data_indicator 'aacd' and the 'apad' registration_descriptor.
     *
     * @param audioSetupInformation see {@link #audioSetupInformation}
     */
    static Change aac(byte[] audioSetupInformation) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(privateDataIndicator("aacd"));
        d.write(TAG_REGISTRATION);
        d.write(4 + audioSetupInformation.length);
        d.writeBytes(ascii("apad"));
        d.writeBytes(audioSetupInformation);
        return new Change(STREAM_TYPE_AAC, d.toByteArray());
    }

    /**
     * Apple §2.3's audio setup information for AAC: audio_type 'zaac' (AAC-LC; 'zach'/'zacp' are for HE-AAC v1/v2
     * when signalled explicitly, which ADTS cannot do), priming 0 (not known from the stream),
     * version 1, then the AudioSpecificConfig as setup_data.
     */
    static byte[] audioSetupInformation(byte[] audioSpecificConfig) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        d.writeBytes(ascii("zaac"));
        d.write(0); // priming, 16 bits
        d.write(0);
        d.write(1); // version
        d.write(audioSpecificConfig.length);
        d.writeBytes(audioSpecificConfig);
        return d.toByteArray();
    }

    /**
     * The two-byte AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1 with GASpecificConfig §4.4.1, all
     * flags 0) that an ADTS header (ISO/IEC 13818-7 §6.2.1) describes: object type = profile + 1,
     * its sampling_frequency_index and channel_configuration.
     */
    static byte[] audioSpecificConfig(byte[] adts, int at) {
        int objectType = ((adts[at + 2] & 0xC0) >> 6) + 1;
        int frequencyIndex = (adts[at + 2] & 0x3C) >> 2;
        int channelConfiguration = (adts[at + 2] & 0x01) << 2 | (adts[at + 3] & 0xC0) >> 6;
        return new byte[] {(byte) (objectType << 3 | frequencyIndex >> 1),
                (byte) ((frequencyIndex & 1) << 7 | channelConfiguration << 3)};
    }

    /**
     * A TS_program_map_section (ISO/IEC 13818-1 §2.4.4.8) with the changes applied: stream_type
     * replaced, descriptors appended to ES_info, section_length and CRC_32 recomputed. Everything else
     * (version, PCR_PID, program descriptors, other streams) is copied.
     *
     * @param s       the section from table_id to CRC_32, its lengths already checked by
     *                {@link ProgramTables#parsePmt}
     * @param size    its size in bytes
     * @param changes per elementary_PID
     * @return the new section, or null when it would exceed the section_length or ES_info_length limits
     */
    static byte[] rewrite(byte[] s, int size, Map<Integer, Change> changes) {
        int programInfoLength = (s[10] & 0x0F) << 8 | (s[11] & 0xFF);
        int end = size - 4;
        int i = 12 + programInfoLength;
        ByteArrayOutputStream r = new ByteArrayOutputStream(size + 64);
        r.write(s, 0, i);
        while (i + 5 <= end) {
            int pid = (s[i + 1] & 0x1F) << 8 | (s[i + 2] & 0xFF);
            int infoLength = (s[i + 3] & 0x0F) << 8 | (s[i + 4] & 0xFF);
            Change change = changes.get(pid);
            if (change == null) {
                r.write(s, i, 5 + infoLength);
            } else {
                int newInfoLength = infoLength + change.descriptors().length;
                if (newInfoLength > MAX_ES_INFO_LENGTH) {
                    return null;
                }
                r.write(change.streamType());
                r.write(s[i + 1]);
                r.write(s[i + 2]);
                r.write(s[i + 3] & 0xF0 | newInfoLength >> 8);
                r.write(newInfoLength);
                r.write(s, i + 5, infoLength);
                r.writeBytes(change.descriptors());
            }
            i += 5 + infoLength;
        }
        r.write(s, i, end - i); // bytes of a truncated last entry, if any: as they were
        byte[] out = r.toByteArray();
        out = Arrays.copyOf(out, out.length + 4);
        int sectionLength = out.length - 3;
        if (sectionLength > MAX_SECTION_LENGTH) {
            return null;
        }
        out[1] = (byte) (s[1] & 0xF0 | sectionLength >> 8);
        out[2] = (byte) sectionLength;
        int crc = PsiSection.crc32(out, 0, out.length - 4);
        out[out.length - 4] = (byte) (crc >>> 24);
        out[out.length - 3] = (byte) (crc >>> 16);
        out[out.length - 2] = (byte) (crc >>> 8);
        out[out.length - 1] = (byte) crc;
        return out;
    }

    private static byte[] privateDataIndicator(String fourCc) {
        byte[] d = new byte[6];
        d[0] = TAG_PRIVATE_DATA_INDICATOR;
        d[1] = 4;
        System.arraycopy(ascii(fourCc), 0, d, 2, 4);
        return d;
    }

    private static byte[] ascii(String fourCc) {
        return fourCc.getBytes(StandardCharsets.US_ASCII);
    }
}
