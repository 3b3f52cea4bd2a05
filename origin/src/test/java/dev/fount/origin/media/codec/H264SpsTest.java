package dev.fount.origin.media.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class H264SpsTest {

    @Test
    void x264HighProfileSpsFromTheFixture() {
        // The SPS of media/h264_aac.ts (libx264, 320x180, 25 fps), with its emulation prevention bytes.
        byte[] nal = HexFormat.of().parseHex("6764000cacd941419f9f011000000300100000030320f1429960");
        H264Sps sps = H264Sps.parse(nal, 0, nal.length);
        assertEquals(100, sps.profileIdc());
        assertEquals(12, sps.levelIdc());
        assertEquals("avc1.64000c", sps.codecString());
        assertEquals(320, sps.width());
        assertEquals(180, sps.height());
        assertEquals(25.0, sps.frameRate()); // time_scale 50 / (2 × num_units_in_tick 1)
    }

    @Test
    void baselineWithCroppingAndNoVui() {
        // Constrained Baseline, level 3.1, 1920x1080 coded as 120x68 macroblocks cropped by 8 lines.
        byte[] rbsp = new BitWriter().u(8, 66).u(8, 0xC0).u(8, 31)
                .ue(0) // seq_parameter_set_id
                .ue(0) // log2_max_frame_num_minus4
                .ue(2) // pic_order_cnt_type
                .ue(1).flag(false) // max_num_ref_frames, gaps
                .ue(119).ue(67) // pic_width_in_mbs_minus1, pic_height_in_map_units_minus1
                .flag(true).flag(true) // frame_mbs_only_flag, direct_8x8_inference_flag
                .flag(true).ue(0).ue(0).ue(0).ue(4) // frame_cropping_flag, bottom offset 4 × CropUnitY 2
                .flag(false) // vui_parameters_present_flag
                .trailingBits().toByteArray();
        byte[] nal = new byte[rbsp.length + 1];
        nal[0] = 0x67;
        System.arraycopy(rbsp, 0, nal, 1, rbsp.length);
        H264Sps sps = H264Sps.parse(nal, 0, nal.length);
        assertEquals("avc1.42c01f", sps.codecString());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height());
        assertNull(sps.frameRate());
    }

    @Test
    void interlacedHighWithScalingMatricesAnd2997Fps() {
        byte[] rbsp = new BitWriter().u(8, 100).u(8, 0).u(8, 40)
                .ue(0).ue(1) // sps id, chroma_format_idc 4:2:0
                .ue(0).ue(0).flag(false) // bit depths, qpprime
                .flag(true) // seq_scaling_matrix_present_flag; list 0 present, its first delta -8 ends it
                .flag(true).se(-8).flag(false).flag(false).flag(false).flag(false).flag(false).flag(false).flag(false)
                .ue(0).ue(0).ue(0) // log2_max_frame_num_minus4, poc type 0, log2_max_poc_lsb_minus4
                .ue(4).flag(false)
                .ue(119).ue(33) // 120 macroblocks wide, 34 map units = 68 macroblock rows as field pairs
                .flag(false).flag(false).flag(true) // frame_mbs_only 0, mb_adaptive, direct_8x8
                .flag(true).ue(0).ue(0).ue(0).ue(2) // cropping: CropUnitY = 2 × 2, 2 × 4 = 8 lines
                .flag(true) // vui
                .flag(true).u(8, 255).u(16, 1).u(16, 1) // Extended_SAR
                .flag(false) // overscan
                .flag(true).u(3, 5).flag(false).flag(true).u(8, 1).u(8, 1).u(8, 1) // video signal, colour
                .flag(false) // chroma loc
                .flag(true).u(32, 1001).u(32, 60000).flag(true)
                .trailingBits().toByteArray();
        byte[] nal = new byte[rbsp.length + 1];
        nal[0] = 0x67;
        System.arraycopy(rbsp, 0, nal, 1, rbsp.length);
        H264Sps sps = H264Sps.parse(nal, 0, nal.length);
        assertEquals("avc1.640028", sps.codecString());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height());
        assertEquals(60000.0 / 2002, sps.frameRate(), 1e-9);
    }

    @Test
    void truncatedSps() {
        byte[] nal = {0x67, 0x64, 0x00};
        assertThrows(BitstreamException.class, () -> H264Sps.parse(nal, 0, nal.length));
    }
}
