package dev.fount.origin.media.codec;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Builds an AVCDecoderConfigurationRecord, the payload of an {@code avcC} box (ISO/IEC 14496-15
 * §5.3.3.1), from the sequence and picture parameter sets of an H.264 stream.
 */
public final class AvcDecoderConfig {

    private AvcDecoderConfig() {
    }

    /**
     * @param sps SPS NAL units (nal_unit_type 7), each from its one-byte NAL header on, without start code
     * @param pps PPS NAL units (nal_unit_type 8), likewise
     * @return the record with lengthSizeMinusOne = 3 (4-byte NAL unit lengths); profile, compatibility and
     *         level are those of the first SPS, and for the High profiles 100, 110, 122 and 144 the record
     *         ends with chroma_format, bit depths and an empty SPS extension array (§5.3.3.1.2)
     */
    public static byte[] build(List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new BitstreamException("H.264 stream has no " + (sps.isEmpty() ? "SPS" : "PPS")
                    + " to build the avcC record from");
        }
        if (sps.size() > 31 || pps.size() > 255) {
            throw new BitstreamException("H.264 stream has " + sps.size() + " SPS and " + pps.size() + " PPS, too many for avcC");
        }
        byte[] first = sps.get(0);
        if (first.length < 4) {
            throw new BitstreamException("H.264 SPS of " + first.length + " bytes is too short");
        }
        int profileIdc = first[1] & 0xFF;
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + total(sps) + total(pps));
        out.write(1); // configurationVersion
        out.write(profileIdc); // AVCProfileIndication
        out.write(first[2]); // profile_compatibility: the constraint_set flags byte
        out.write(first[3]); // AVCLevelIndication
        out.write(0xFC | 3); // reserved '111111', lengthSizeMinusOne
        out.write(0xE0 | sps.size()); // reserved '111', numOfSequenceParameterSets
        writeAll(out, sps);
        out.write(pps.size()); // numOfPictureParameterSets
        writeAll(out, pps);
        if (profileIdc == 100 || profileIdc == 110 || profileIdc == 122 || profileIdc == 144) {
            // 14496-10 §7.3.2.1.1: seq_parameter_set_id, chroma_format_idc, [separate_colour_plane], bit depths.
            BitReader r = new BitReader(NalUnits.unescapeRbsp(first, 4, first.length));
            r.readUe(); // seq_parameter_set_id
            int chromaFormatIdc = r.readUe();
            if (chromaFormatIdc == 3) {
                r.skipBits(1); // separate_colour_plane_flag
            }
            int bitDepthLumaMinus8 = r.readUe();
            int bitDepthChromaMinus8 = r.readUe();
            out.write(0xFC | (chromaFormatIdc & 3));
            out.write(0xF8 | (bitDepthLumaMinus8 & 7));
            out.write(0xF8 | (bitDepthChromaMinus8 & 7));
            out.write(0); // numOfSequenceParameterSetExt
        }
        return out.toByteArray();
    }

    static int total(List<byte[]> nalUnits) {
        int n = 0;
        for (byte[] nal : nalUnits) {
            n += 2 + nal.length;
        }
        return n;
    }

    /** Each as a 16-bit length then the NAL unit. */
    static void writeAll(ByteArrayOutputStream out, List<byte[]> nalUnits) {
        for (byte[] nal : nalUnits) {
            if (nal.length > 0xFFFF) {
                throw new BitstreamException("parameter set of " + nal.length + " bytes exceeds 65535");
            }
            out.write(nal.length >> 8);
            out.write(nal.length & 0xFF);
            out.write(nal, 0, nal.length);
        }
    }
}
