package dev.fount.origin.media.codec;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Builds an HEVCDecoderConfigurationRecord, the payload of an {@code hvcC} box (ISO/IEC 14496-15
 * §8.3.3.1), from the VPS, SPS and PPS of an HEVC stream. Fields the record takes from the SPS
 * (ISO/IEC 23008-2 §7.3.2.2): the general profile_tier_level (§7.3.3), chroma_format_idc, bit depths,
 * sps_max_sub_layers_minus1 and sps_temporal_id_nesting_flag. min_spatial_segmentation_idc,
 * parallelismType, avgFrameRate and constantFrameRate are written as 0 ("unknown").
 */
public final class HevcDecoderConfig {

    private static final int NAL_VPS = 32;
    private static final int NAL_SPS = 33;
    private static final int NAL_PPS = 34;

    private HevcDecoderConfig() {
    }

    /**
     * @param vps VPS NAL units, each from its two-byte NAL header on, without start code
     * @param sps SPS NAL units, likewise; the first one fills the record's fields
     * @param pps PPS NAL units, likewise
     * @return the record with lengthSizeMinusOne = 3 and three arrays (VPS, SPS, PPS), each with
     *         array_completeness 1: every parameter set is in the record, none in band
     */
    public static byte[] build(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
        if (vps.isEmpty() || sps.isEmpty() || pps.isEmpty()) {
            throw new BitstreamException("HEVC stream lacks a " + (vps.isEmpty() ? "VPS" : sps.isEmpty() ? "SPS" : "PPS")
                    + " to build the hvcC record from");
        }
        byte[] first = sps.get(0);
        byte[] rbsp = NalUnits.unescapeRbsp(first, 2, first.length);
        if (rbsp.length < 13) {
            throw new BitstreamException("HEVC SPS of " + first.length + " bytes is too short");
        }
        BitReader r = new BitReader(rbsp);
        r.skipBits(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.readInt(3);
        int temporalIdNesting = r.readInt(1);
        // rbsp[1..12]: general_profile_space … general_level_idc, copied as they are (§7.3.3)
        r.skipBits(96);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.readFlag();
            levelPresent[i] = r.readFlag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skipBits(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            r.skipBits((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
        }
        r.readUe(); // sps_seq_parameter_set_id
        int chromaFormatIdc = r.readUe();
        if (chromaFormatIdc == 3) {
            r.skipBits(1); // separate_colour_plane_flag
        }
        r.readUe(); // pic_width_in_luma_samples
        r.readUe(); // pic_height_in_luma_samples
        if (r.readFlag()) { // conformance_window_flag
            r.readUe();
            r.readUe();
            r.readUe();
            r.readUe();
        }
        int bitDepthLumaMinus8 = r.readUe();
        int bitDepthChromaMinus8 = r.readUe();

        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + AvcDecoderConfig.total(vps)
                + AvcDecoderConfig.total(sps) + AvcDecoderConfig.total(pps));
        out.write(1); // configurationVersion
        out.write(rbsp, 1, 12); // profile space/tier/idc, 32 compatibility flags, 48 constraint flags, level
        out.write(0xF0); // reserved '1111', min_spatial_segmentation_idc = 0
        out.write(0x00);
        out.write(0xFC); // reserved '111111', parallelismType = 0
        out.write(0xFC | (chromaFormatIdc & 3));
        out.write(0xF8 | (bitDepthLumaMinus8 & 7));
        out.write(0xF8 | (bitDepthChromaMinus8 & 7));
        out.write(0); // avgFrameRate
        out.write(0);
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
        out.write((maxSubLayersMinus1 + 1) << 3 | temporalIdNesting << 2 | 3);
        out.write(3); // numOfArrays
        writeArray(out, NAL_VPS, vps);
        writeArray(out, NAL_SPS, sps);
        writeArray(out, NAL_PPS, pps);
        return out.toByteArray();
    }

    private static void writeArray(ByteArrayOutputStream out, int nalUnitType, List<byte[]> nalUnits) {
        out.write(0x80 | nalUnitType); // array_completeness 1, reserved 0, NAL_unit_type
        out.write(nalUnits.size() >> 8);
        out.write(nalUnits.size() & 0xFF);
        AvcDecoderConfig.writeAll(out, nalUnits);
    }
}
