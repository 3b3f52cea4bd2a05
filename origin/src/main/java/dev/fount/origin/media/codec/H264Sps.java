package dev.fount.origin.media.codec;

/**
 * The fields of an H.264 sequence parameter set that describe a rendition
 * (ISO/IEC 14496-10 §7.3.2.1.1, VUI per Annex E.1.1).
 *
 * @param profileIdc      profile_idc (66 Baseline, 77 Main, 100 High …)
 * @param constraintFlags the byte holding constraint_set0_flag … constraint_set5_flag and reserved_zero_2bits
 * @param levelIdc        level_idc (31 = level 3.1)
 * @param width           luma width after frame cropping
 * @param height          luma height after frame cropping
 * @param frameRate       time_scale / (2 · num_units_in_tick) from the VUI timing info, or null
 */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc,
                      int width, int height, Double frameRate) {

    /** RFC 6381 §3.3 / ISO/IEC 14496-15 §5.4.1: {@code avc1.PPCCLL} in hex. */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, constraintFlags, levelIdc);
    }

    /**
     * Parses an SPS NAL unit.
     *
     * @param nal  the bytes holding the NAL unit, starting at its one-byte header (nal_unit_type 7)
     * @param from index of the NAL unit header
     * @param to   end of the NAL unit (exclusive)
     */
    public static H264Sps parse(byte[] nal, int from, int to) {
        byte[] rbsp = NalUnits.unescapeRbsp(nal, from + 1, to);
        BitReader r = new BitReader(rbsp);
        int profileIdc = r.readInt(8);
        int constraintFlags = r.readInt(8);
        int levelIdc = r.readInt(8);
        r.readUe(); // seq_parameter_set_id
        int chromaFormatIdc = 1;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profileIdc)) {
            chromaFormatIdc = r.readUe();
            if (chromaFormatIdc > 3) {
                throw new BitstreamException("H.264 SPS chroma_format_idc " + chromaFormatIdc + " is out of range");
            }
            if (chromaFormatIdc == 3) {
                separateColourPlane = r.readFlag();
            }
            r.readUe(); // bit_depth_luma_minus8
            r.readUe(); // bit_depth_chroma_minus8
            r.skipBits(1); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormatIdc != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.readUe(); // log2_max_frame_num_minus4
        int picOrderCntType = r.readUe();
        if (picOrderCntType == 0) {
            r.readUe(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (picOrderCntType == 1) {
            r.skipBits(1); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            int cycle = r.readUe();
            for (int i = 0; i < cycle; i++) {
                r.readSe(); // offset_for_ref_frame[i]
            }
        }
        r.readUe(); // max_num_ref_frames
        r.skipBits(1); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.readUe() + 1;
        int heightInMapUnits = r.readUe() + 1;
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.skipBits(1); // mb_adaptive_frame_field_flag
        }
        r.skipBits(1); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.readFlag()) { // frame_cropping_flag
            cropLeft = r.readUe();
            cropRight = r.readUe();
            cropTop = r.readUe();
            cropBottom = r.readUe();
        }
        // §7.4.2.1.1: crop units depend on ChromaArrayType (SubWidthC, SubHeightC from Table 6-1).
        int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
        int cropUnitX = chromaArrayType == 0 ? 1 : (chromaArrayType == 3 ? 1 : 2);
        int cropUnitY = (chromaArrayType == 0 ? 1 : (chromaArrayType == 1 ? 2 : 1)) * (frameMbsOnly ? 1 : 2);
        int width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0) {
            throw new BitstreamException("H.264 SPS frame cropping leaves a " + width + "x" + height + " picture");
        }

        Double frameRate = null;
        if (r.readFlag()) { // vui_parameters_present_flag
            frameRate = readVuiFrameRate(r);
        }
        return new H264Sps(profileIdc, constraintFlags, levelIdc, chromaFormatIdc, width, height, frameRate);
    }

    /** Profiles whose SPS carries chroma_format_idc and bit depths (§7.3.2.1.1). */
    private static boolean hasChromaInfo(int profileIdc) {
        return switch (profileIdc) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** §7.3.2.1.1.1 scaling_list(): only skipped, the values do not matter here. */
    private static void skipScalingList(BitReader r, int size) {
        int lastScale = 8;
        int nextScale = 8;
        for (int j = 0; j < size; j++) {
            if (nextScale != 0) {
                int delta = r.readSe();
                nextScale = (lastScale + delta + 256) % 256;
            }
            lastScale = nextScale == 0 ? lastScale : nextScale;
        }
    }

    /** Annex E.1.1 up to timing_info; returns null when absent or implausible. */
    private static Double readVuiFrameRate(BitReader r) {
        if (r.readFlag()) { // aspect_ratio_info_present_flag
            int aspectRatioIdc = r.readInt(8);
            if (aspectRatioIdc == 255) { // Extended_SAR
                r.skipBits(32); // sar_width, sar_height
            }
        }
        if (r.readFlag()) { // overscan_info_present_flag
            r.skipBits(1);
        }
        if (r.readFlag()) { // video_signal_type_present_flag
            r.skipBits(4); // video_format, video_full_range_flag
            if (r.readFlag()) { // colour_description_present_flag
                r.skipBits(24);
            }
        }
        if (r.readFlag()) { // chroma_loc_info_present_flag
            r.readUe();
            r.readUe();
        }
        if (!r.readFlag()) { // timing_info_present_flag
            return null;
        }
        long numUnitsInTick = r.readBits(32);
        long timeScale = r.readBits(32);
        return FrameRates.plausible(timeScale, 2 * numUnitsInTick);
    }
}
