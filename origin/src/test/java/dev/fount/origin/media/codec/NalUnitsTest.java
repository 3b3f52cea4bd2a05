package dev.fount.origin.media.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NalUnitsTest {

    @Test
    void findsThreeAndFourByteStartCodes() {
        byte[] stream = {0, 0, 0, 1, 0x09, (byte) 0xF0, 0, 0, 1, 0x67, 0x42, 0x00, 0x00, 0x01, 0x68, (byte) 0xCE, 0, 0, 0};
        int aud = NalUnits.nextNalUnit(stream, 0, stream.length);
        assertEquals(4, aud);
        int sps = NalUnits.nextNalUnit(stream, aud + 1, stream.length);
        assertEquals(9, sps);
        assertEquals(6, NalUnits.endOfNalUnit(sps, stream.length));
        int pps = NalUnits.nextNalUnit(stream, sps + 1, stream.length);
        assertEquals(14, pps);
        assertEquals(-1, NalUnits.nextNalUnit(stream, pps + 1, stream.length));
        assertEquals(stream.length, NalUnits.endOfNalUnit(-1, stream.length));
    }

    @Test
    void removesEmulationPreventionBytes() {
        // 14496-10 §7.4.1: 00 00 03 0x → 00 00 0x, only after two zeros.
        byte[] nal = {0x67, 0x00, 0x00, 0x03, 0x01, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03};
        assertArrayEquals(new byte[] {0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x00}, NalUnits.unescapeRbsp(nal, 1, nal.length));
    }
}
