package dev.fount.origin.media.codec;

/**
 * The fields of an HEVC sequence parameter set that describe a rendition
 * (ISO/IEC 23008-2 §7.3.2.2, profile_tier_level §7.3.3, VUI Annex E.2.1).
 *
 * @param generalProfileSpace       general_profile_space (0–3)
 * @param generalTierFlag           general_tier_flag (0 Main tier, 1 High tier)
 * @param generalProfileIdc         general_profile_idc (1 Main, 2 Main 10 …)
 * @param generalProfileCompatibilityFlags the 32 general_profile_compatibility_flag[j], flag j in bit (31 - j)
 * @param generalConstraintIndicatorFlags  the 48 bits from general_progressive_source_flag on, in the low bits
 * @param generalLevelIdc           general_level_idc (30 × level, 93 = level 3.1)
 * @param width                     luma width inside the conformance window
 * @param height                    luma height inside the conformance window
 * @param frameRate                 vui_time_scale / vui_num_units_in_tick, or null
 */
public record H265Sps(int generalProfileSpace, int generalTierFlag, int generalProfileIdc,
                      int generalProfileCompatibilityFlags, long generalConstraintIndicatorFlags,
                      int generalLevelIdc, int chromaFormatIdc, int width, int height, Double frameRate) {

    /**
     * ISO/IEC 14496-15 Annex E.3: {@code hvc1.[A-C]?profile.compat.(L|H)level(.constraint)*} with the
     * compatibility flags bit-reversed in hex and trailing zero constraint bytes omitted.
     */
    public String codecString() {
        StringBuilder s = new StringBuilder("hvc1.");
        if (generalProfileSpace > 0) {
            s.append((char) ('A' + generalProfileSpace - 1));
        }
        s.append(generalProfileIdc).append('.');
        s.append(Integer.toHexString(Integer.reverse(generalProfileCompatibilityFlags)).toUpperCase());
        s.append('.').append(generalTierFlag == 0 ? 'L' : 'H').append(generalLevelIdc);
        int lastNonZero = -1;
        for (int i = 0; i < 6; i++) {
            if (constraintByte(i) != 0) {
                lastNonZero = i;
            }
        }
        for (int i = 0; i <= lastNonZero; i++) {
            s.append('.').append(Integer.toHexString(constraintByte(i)).toUpperCase());
        }
        return s.toString();
    }

    private int constraintByte(int index) {
        return (int) (generalConstraintIndicatorFlags >>> (40 - 8 * index)) & 0xFF;
    }

    /**
     * Parses an SPS NAL unit.
     *
     * @param nal  the bytes holding the NAL unit, starting at its two-byte header (nal_unit_type 33)
     * @param from index of the NAL unit header
     * @param to   end of the NAL unit (exclusive)
     */
    public static H265Sps parse(byte[] nal, int from, int to) {
        byte[] rbsp = NalUnits.unescapeRbsp(nal, from + 2, to);
        BitReader r = new BitReader(rbsp);
        r.skipBits(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.readInt(3);
        r.skipBits(1); // sps_temporal_id_nesting_flag

        // §7.3.3 profile_tier_level(1, sps_max_sub_layers_minus1)
        int profileSpace = r.readInt(2);
        int tierFlag = r.readInt(1);
        int profileIdc = r.readInt(5);
        int compatibilityFlags = (int) r.readBits(32);
        long constraintFlags = r.readBits(32) << 16 | r.readBits(16);
        int levelIdc = r.readInt(8);
        boolean[] subLayerProfilePresent = new boolean[maxSubLayersMinus1];
        boolean[] subLayerLevelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            subLayerProfilePresent[i] = r.readFlag();
            subLayerLevelPresent[i] = r.readFlag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skipBits(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (subLayerProfilePresent[i]) {
                r.skipBits(88);
            }
            if (subLayerLevelPresent[i]) {
                r.skipBits(8);
            }
        }

        r.readUe(); // sps_seq_parameter_set_id
        int chromaFormatIdc = r.readUe();
        if (chromaFormatIdc > 3) {
            throw new BitstreamException("HEVC SPS chroma_format_idc " + chromaFormatIdc + " is out of range");
        }
        boolean separateColourPlane = chromaFormatIdc == 3 && r.readFlag();
        int width = r.readUe(); // pic_width_in_luma_samples
        int height = r.readUe(); // pic_height_in_luma_samples
        if (r.readFlag()) { // conformance_window_flag
            // Table 6-1: offsets count in chroma samples.
            int chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
            int subWidthC = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeightC = chromaArrayType == 1 ? 2 : 1;
            width -= subWidthC * (r.readUe() + r.readUe());
            height -= subHeightC * (r.readUe() + r.readUe());
        }
        if (width <= 0 || height <= 0) {
            throw new BitstreamException("HEVC SPS conformance window leaves a " + width + "x" + height + " picture");
        }
        r.readUe(); // bit_depth_luma_minus8
        r.readUe(); // bit_depth_chroma_minus8
        int log2MaxPicOrderCntLsb = r.readUe() + 4;
        boolean subLayerOrderingInfo = r.readFlag();
        for (int i = subLayerOrderingInfo ? 0 : maxSubLayersMinus1; i <= maxSubLayersMinus1; i++) {
            r.readUe(); // sps_max_dec_pic_buffering_minus1
            r.readUe(); // sps_max_num_reorder_pics
            r.readUe(); // sps_max_latency_increase_plus1
        }
        r.readUe(); // log2_min_luma_coding_block_size_minus3
        r.readUe(); // log2_diff_max_min_luma_coding_block_size
        r.readUe(); // log2_min_luma_transform_block_size_minus2
        r.readUe(); // log2_diff_max_min_luma_transform_block_size
        r.readUe(); // max_transform_hierarchy_depth_inter
        r.readUe(); // max_transform_hierarchy_depth_intra
        if (r.readFlag() && r.readFlag()) { // scaling_list_enabled_flag, sps_scaling_list_data_present_flag
            skipScalingListData(r);
        }
        r.skipBits(2); // amp_enabled_flag, sample_adaptive_offset_enabled_flag
        if (r.readFlag()) { // pcm_enabled_flag
            r.skipBits(8); // pcm_sample_bit_depth_luma_minus1, pcm_sample_bit_depth_chroma_minus1
            r.readUe(); // log2_min_pcm_luma_coding_block_size_minus3
            r.readUe(); // log2_diff_max_min_pcm_luma_coding_block_size
            r.skipBits(1); // pcm_loop_filter_disabled_flag
        }
        skipShortTermRefPicSets(r);
        if (r.readFlag()) { // long_term_ref_pics_present_flag
            int count = r.readUe();
            for (int i = 0; i < count; i++) {
                r.skipBits(log2MaxPicOrderCntLsb + 1L); // lt_ref_pic_poc_lsb_sps, used_by_curr_pic_lt_sps_flag
            }
        }
        r.skipBits(2); // sps_temporal_mvp_enabled_flag, strong_intra_smoothing_enabled_flag
        Double frameRate = r.readFlag() ? readVuiFrameRate(r) : null; // vui_parameters_present_flag
        return new H265Sps(profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintFlags, levelIdc,
                chromaFormatIdc, width, height, frameRate);
    }

    /** §7.3.4 scaling_list_data(): only skipped. */
    private static void skipScalingListData(BitReader r) {
        for (int sizeId = 0; sizeId < 4; sizeId++) {
            for (int matrixId = 0; matrixId < 6; matrixId += sizeId == 3 ? 3 : 1) {
                if (!r.readFlag()) { // scaling_list_pred_mode_flag
                    r.readUe(); // scaling_list_pred_matrix_id_delta
                } else {
                    int coefNum = Math.min(64, 1 << (4 + (sizeId << 1)));
                    if (sizeId > 1) {
                        r.readSe(); // scaling_list_dc_coef_minus8
                    }
                    for (int i = 0; i < coefNum; i++) {
                        r.readSe(); // scaling_list_delta_coef
                    }
                }
            }
        }
    }

    /** §7.3.7 st_ref_pic_set() for every set in the SPS; tracks NumDeltaPocs for inter prediction. */
    private static void skipShortTermRefPicSets(BitReader r) {
        int count = r.readUe(); // num_short_term_ref_pic_sets
        if (count > 64) {
            throw new BitstreamException("HEVC SPS num_short_term_ref_pic_sets " + count + " exceeds 64");
        }
        int[] numDeltaPocs = new int[count];
        for (int idx = 0; idx < count; idx++) {
            boolean interRefPicSetPrediction = idx != 0 && r.readFlag();
            if (interRefPicSetPrediction) {
                // delta_idx_minus1 is only coded in slice headers, so RefRpsIdx = idx - 1 here.
                r.skipBits(1); // delta_rps_sign
                r.readUe(); // abs_delta_rps_minus1
                int deltaPocs = 0;
                for (int j = 0; j <= numDeltaPocs[idx - 1]; j++) {
                    boolean usedByCurrPic = r.readFlag();
                    boolean useDelta = usedByCurrPic || r.readFlag();
                    if (useDelta) {
                        deltaPocs++;
                    }
                }
                numDeltaPocs[idx] = deltaPocs;
            } else {
                int negative = r.readUe();
                int positive = r.readUe();
                if (negative > 16 || positive > 16) {
                    throw new BitstreamException("HEVC SPS short-term RPS lists " + negative + "+" + positive + " pictures");
                }
                for (int i = 0; i < negative + positive; i++) {
                    r.readUe(); // delta_poc_s0/s1_minus1
                    r.skipBits(1); // used_by_curr_pic_s0/s1_flag
                }
                numDeltaPocs[idx] = negative + positive;
            }
        }
    }

    /** Annex E.2.1 up to vui_timing_info; returns null when absent or implausible. */
    private static Double readVuiFrameRate(BitReader r) {
        if (r.readFlag()) { // aspect_ratio_info_present_flag
            if (r.readInt(8) == 255) { // EXTENDED_SAR
                r.skipBits(32);
            }
        }
        if (r.readFlag()) { // overscan_info_present_flag
            r.skipBits(1);
        }
        if (r.readFlag()) { // video_signal_type_present_flag
            r.skipBits(4);
            if (r.readFlag()) { // colour_description_present_flag
                r.skipBits(24);
            }
        }
        if (r.readFlag()) { // chroma_loc_info_present_flag
            r.readUe();
            r.readUe();
        }
        r.skipBits(3); // neutral_chroma_indication_flag, field_seq_flag, frame_field_info_present_flag
        if (r.readFlag()) { // default_display_window_flag
            r.readUe();
            r.readUe();
            r.readUe();
            r.readUe();
        }
        if (!r.readFlag()) { // vui_timing_info_present_flag
            return null;
        }
        long numUnitsInTick = r.readBits(32);
        long timeScale = r.readBits(32);
        return FrameRates.plausible(timeScale, numUnitsInTick);
    }
}
