package dev.fount.origin.media.codec;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class H265SpsTest {

    @Test
    void x265MainProfileSpsFromTheFixture() {
        // The SPS of media/hevc_aac.ts (libx265, 320x180, 25 fps), copied whole from the stream.
        byte[] nal = HexFormat.of().parseHex(
                "42010101600000030090000003000003003ca00a080b9f796566924caf016808000003000800000300c840");
        H265Sps sps = H265Sps.parse(nal, 0, nal.length);
        assertEquals(1, sps.generalProfileIdc());
        assertEquals(60, sps.generalLevelIdc());
        assertEquals("hvc1.1.6.L60.90", sps.codecString());
        assertEquals(320, sps.width());
        assertEquals(180, sps.height());
        assertEquals(25.0, sps.frameRate());
    }

    @Test
    void codecStringFollowsAnnexE() {
        // ISO/IEC 14496-15 E.3: profile space letter, reversed compatibility flags, tier letter,
        // constraint bytes up to the last non-zero one.
        H265Sps main10 = new H265Sps(0, 0, 2, 0x20000000, 0xB0_00_00_00_00_00L, 123, 1, 3840, 2160, null);
        assertEquals("hvc1.2.4.L123.B0", main10.codecString());
        H265Sps high = new H265Sps(1, 1, 4, 0x08000000, 0xB0_23_00_00_00_00L, 120, 1, 1920, 1080, null);
        assertEquals("hvc1.A4.10.H120.B0.23", high.codecString());
        H265Sps noConstraints = new H265Sps(0, 0, 1, 0x60000000, 0, 93, 1, 1280, 720, null);
        assertEquals("hvc1.1.6.L93", noConstraints.codecString());
    }
}
