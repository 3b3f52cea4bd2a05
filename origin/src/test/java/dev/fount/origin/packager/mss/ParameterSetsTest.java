package dev.fount.origin.packager.mss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;
import org.mp4parser.boxes.iso14496.part15.HevcConfigurationBox;
import org.mp4parser.boxes.iso14496.part15.HevcDecoderConfigurationRecord;

class ParameterSetsTest {

    @Test
    void avcCGivesTheSpsAndPpsMp4parserReads(@TempDir Path dir) throws Exception {
        Path mp4 = Mp4Fixtures.remux("h264_aac.ts", dir);
        try (IsoFile file = new IsoFile(mp4.toFile())) {
            AvcConfigurationBox avcC = Mp4Fixtures.box(file, List.of("moov/trak/mdia/minf/stbl/stsd/avc1/avcC"));
            List<byte[]> expected = new ArrayList<>();
            avcC.getSequenceParameterSets().forEach(b -> expected.add(Mp4Fixtures.bytes(b)));
            avcC.getPictureParameterSets().forEach(b -> expected.add(Mp4Fixtures.bytes(b)));
            assertEquals(2, expected.size());
            List<byte[]> nals = ParameterSets.fromAvcC(Mp4Fixtures.payload(avcC));
            assertEquals(expected.size(), nals.size());
            for (int i = 0; i < nals.size(); i++) {
                assertArrayEquals(expected.get(i), nals.get(i));
            }
            assertEquals(7, nals.get(0)[0] & 0x1F, "an SPS first");
            assertEquals(8, nals.get(1)[0] & 0x1F, "then a PPS");
            String hex = ParameterSets.hex(ParameterSets.annexB(nals));
            assertEquals("00000001" + ParameterSets.hex(expected.get(0)) + "00000001" + ParameterSets.hex(expected.get(1)), hex);
        }
    }

    @Test
    void hvcCGivesVpsSpsPpsInThatOrder(@TempDir Path dir) throws Exception {
        Path mp4 = Mp4Fixtures.remux("hevc_aac.ts", dir);
        try (IsoFile file = new IsoFile(mp4.toFile())) {
            HevcConfigurationBox hvcC = Mp4Fixtures.box(file,
                    List.of("moov/trak/mdia/minf/stbl/stsd/hev1/hvcC", "moov/trak/mdia/minf/stbl/stsd/hvc1/hvcC"));
            List<byte[]> expected = new ArrayList<>();
            for (int type : new int[] {32, 33, 34}) {
                for (HevcDecoderConfigurationRecord.Array a : hvcC.getArrays()) {
                    if (a.nal_unit_type == type) {
                        expected.addAll(a.nalUnits);
                    }
                }
            }
            assertEquals(3, expected.size(), "one VPS, SPS and PPS");
            List<byte[]> nals = ParameterSets.fromHvcC(Mp4Fixtures.payload(hvcC));
            assertEquals(expected.size(), nals.size());
            for (int i = 0; i < nals.size(); i++) {
                assertArrayEquals(expected.get(i), nals.get(i));
                assertEquals(32 + i, (nals.get(i)[0] >> 1) & 0x3F, "NAL unit type from its header");
            }
        }
    }

    @Test
    void arraysOutOfOrderAndOtherNalUnitsAreSorted() {
        // hvcC with arrays PPS, SEI, SPS, VPS (each one short NAL) after the 22 fixed bytes.
        byte[] fixed = new byte[22];
        fixed[0] = 1;
        byte[] pps = {0x44, 0x01, (byte) 0xC1};
        byte[] sei = {0x4E, 0x01, 0x05};
        byte[] sps = {0x42, 0x01, 0x01};
        byte[] vps = {0x40, 0x01, 0x0C};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(fixed);
        out.write(4);
        for (byte[][] a : new byte[][][] {{{(byte) 0x80 | 34}, pps}, {{39}, sei}, {{33}, sps}, {{32}, vps}}) {
            out.write(a[0][0]);
            out.write(0);
            out.write(1);
            out.write(0);
            out.write(a[1].length);
            out.writeBytes(a[1]);
        }
        List<byte[]> nals = ParameterSets.fromHvcC(out.toByteArray());
        assertEquals(3, nals.size());
        assertArrayEquals(vps, nals.get(0));
        assertArrayEquals(sps, nals.get(1));
        assertArrayEquals(pps, nals.get(2));
    }

    @Test
    void truncatedOrForeignRecordsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ParameterSets.fromAvcC(new byte[] {1, 0x64, 0, 0x1F, (byte) 0xFF, (byte) 0xE1, 0, 10, 0x67}));
        assertThrows(IllegalArgumentException.class, () -> ParameterSets.fromAvcC(new byte[] {2, 0, 0, 0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> ParameterSets.fromHvcC(new byte[] {1, 2, 3}));
        assertTrue(ParameterSets.fromAvcC(new byte[] {1, 0x42, 0, 0x1E, (byte) 0xFF, (byte) 0xE0, 0}).isEmpty());
    }
}
