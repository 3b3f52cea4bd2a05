package dev.fount.origin.media.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BitReaderTest {

    @Test
    void readsFixedWidthFields() {
        BitReader r = new BitReader(new byte[] {(byte) 0b1011_0011, (byte) 0xFF, 0x00, 0x12, 0x34, 0x56});
        assertEquals(1, r.readBit());
        assertEquals(0b011, r.readBits(3));
        assertEquals(0b0011_1111, r.readBits(8));
        r.skipBits(4);
        assertEquals(0x00123456L, r.readBits(32));
        assertEquals(0, r.bitsLeft());
    }

    @Test
    void readsExpGolombCodes() {
        // 14496-10 Table 9-2 and 9-3: 1 → 0, 010 → 1, 011 → 2, 00100 → 3; se: 010 → +1, 011 → -1.
        byte[] bits = new BitWriter().u(1, 1).u(3, 0b010).u(3, 0b011).u(5, 0b00100).u(3, 0b010).u(3, 0b011)
                .ue(254).se(-7).toByteArray();
        BitReader r = new BitReader(bits);
        assertEquals(0, r.readUe());
        assertEquals(1, r.readUe());
        assertEquals(2, r.readUe());
        assertEquals(3, r.readUe());
        assertEquals(1, r.readSe());
        assertEquals(-1, r.readSe());
        assertEquals(254, r.readUe());
        assertEquals(-7, r.readSe());
    }

    @Test
    void refusesToReadPastTheEnd() {
        BitReader r = new BitReader(new byte[] {0x00, 0x00, 0x00, 0x00, 0x00}, 1, 3);
        r.skipBits(10);
        BitstreamException e = assertThrows(BitstreamException.class, () -> r.readBits(7));
        assertTrue(e.getMessage().contains("ends at bit 24"), e.getMessage());
        assertThrows(BitstreamException.class, new BitReader(new byte[4])::readUe);
    }
}
