package dev.fount.origin.media;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rejection names the fault and the byte offset. */
class TsProbeMalformedTest {

    private static final int VIDEO_PID = 0x100;
    private static final int AUDIO_PID = 0x101;

    private final byte[] segment = Fixtures.load("h264_aac.ts");

    @Test
    void truncatedMidPacket() {
        byte[] cut = Arrays.copyOf(segment, 37412 + 100);
        MalformedMediaException e = rejected(cut);
        assertEquals("truncated TS packet at byte 37412 (segment is not a multiple of 188 bytes)", e.getMessage());
        assertEquals(37412, e.byteOffset());
    }

    @Test
    void garbage() {
        byte[] garbage = new byte[188 * 20];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x12;
        MalformedMediaException e = rejected(garbage);
        assertEquals("lost sync: byte 0x47 expected at byte 0", e.getMessage());
        assertEquals(0, e.byteOffset());
    }

    @Test
    void garbageInsideTheSegment() {
        byte[] damaged = segment.clone();
        Arrays.fill(damaged, 1880, 1880 + 188 * 3, (byte) 0x5A);
        MalformedMediaException e = rejected(damaged);
        assertEquals("lost sync: byte 0x47 expected at byte 1880", e.getMessage());
        assertEquals(1880, e.byteOffset());
    }

    @Test
    void pmtPacketsRemoved() {
        MalformedMediaException e = rejected(Fixtures.withoutPid(segment, 0x1000));
        assertEquals("no PMT found (PAT points to PID 4096, never seen)", e.getMessage());
    }

    @Test
    void onlyAPat() {
        byte[] patOnly = Arrays.copyOfRange(segment, 188, 376);
        assertEquals(0, Fixtures.pid(patOnly, 0));
        MalformedMediaException e = rejected(patOnly);
        assertEquals("no PMT found (PAT points to PID 4096, never seen)", e.getMessage());
    }

    @Test
    void noPat() {
        byte[] noPat = Fixtures.withoutPid(segment, 0);
        MalformedMediaException e = rejected(noPat);
        assertEquals("no PAT in the segment (" + noPat.length + " bytes)", e.getMessage());
    }

    @Test
    void noPatInTheFirstMegabyte() {
        // 1 MB and a bit of null packets, then the real segment.
        byte[] nulls = new byte[188 * 5600];
        for (int p = 0; p < nulls.length; p += 188) {
            nulls[p] = 0x47;
            nulls[p + 1] = 0x1F;
            nulls[p + 2] = (byte) 0xFF;
            nulls[p + 3] = 0x10;
        }
        MalformedMediaException e = rejected(TsWriter.concat(nulls, segment));
        assertEquals("no PAT in the first 1 MB", e.getMessage());
        assertEquals(5578 * 188, e.byteOffset()); // the first packet at or past 1 MiB
    }

    @Test
    void empty() {
        assertEquals("empty segment (0 bytes)", rejected(new byte[0]).getMessage());
    }

    @Test
    void tablesButNoPes() {
        byte[] tablesOnly = Arrays.copyOfRange(segment, 0, 564); // SDT, PAT, PMT
        MalformedMediaException e = rejected(tablesOnly);
        assertEquals("segment holds no audio or video PES", e.getMessage());
    }

    @Test
    void adaptationFieldOverrunsThePacket() {
        byte[] damaged = segment.clone();
        int packet = 564; // the first video packet
        damaged[packet + 3] = (byte) (0x30 | damaged[packet + 3] & 0x0F);
        damaged[packet + 4] = (byte) 190;
        MalformedMediaException e = rejected(damaged);
        assertEquals("adaptation field length 190 overruns the TS packet at byte 564", e.getMessage());
        assertEquals(564, e.byteOffset());
    }

    @Test
    void audioPesWithoutStartCode() {
        byte[] damaged = segment.clone();
        int packet = Fixtures.firstUnitStart(damaged, AUDIO_PID);
        int payload = packet + 4 + ((damaged[packet + 3] & 0x20) != 0 ? 1 + (damaged[packet + 4] & 0xFF) : 0);
        damaged[payload + 2] = 0x07; // 00 00 01 → 00 00 07
        MalformedMediaException e = rejected(damaged);
        assertEquals("PES start code missing on PID 257 (mp4a) in the packet at byte " + packet, e.getMessage());
        assertEquals(packet, e.byteOffset());
    }

    @Test
    void brokenSequenceParameterSet() {
        // An SPS that stops after level_idc: the video PES is rejected, naming the stream and the PES.
        byte[] sps = TsWriter.bytes(0, 0, 0, 1, 0x67, 0x64, 0x00, 0x1F);
        byte[] idr = TsWriter.bytes(0, 0, 0, 1, 0x65, 0x88, 0x84);
        byte[] ts = new TsWriter().pat().pmt(new TsWriter.Es(0x1B, VIDEO_PID))
                .pes(VIDEO_PID, 0xE0, 900000, TsWriter.concat(sps, idr)).toByteArray();
        MalformedMediaException e = rejected(ts);
        assertTrue(e.getMessage().startsWith("PID 256 (avc1), PES at byte 376: needs 1 more bits"), e.getMessage());
        assertEquals(376, e.byteOffset());
    }

    @Test
    void patWithBadCrcIsSkippedForTheNextOne() throws Exception {
        byte[] good = new TsWriter().pat().toByteArray();
        byte[] bad = good.clone();
        bad[187] ^= 0x01; // the last byte of the packet is the last byte of the section's CRC_32
        byte[] audio = new TsWriter().pmt(new TsWriter.Es(0x0F, AUDIO_PID))
                .pes(AUDIO_PID, 0xC0, 0, TsWriter.adtsFrame(200)).toByteArray();

        MalformedMediaException e = rejected(TsWriter.concat(bad, audio));
        assertEquals("no PAT in the segment (" + (188 + audio.length) + " bytes) (the PAT at byte 0 failed its CRC_32)",
                e.getMessage());

        SegmentProbe probe = TsProbe.probe(TsWriter.concat(bad, good, audio));
        assertEquals(new ByteRange(188, 376), probe.programTables());
    }

    @Test
    void randomDamageIsRejectedByNameOrTolerated() {
        // Whatever the damage, the probe answers or throws MalformedMediaException: never another exception.
        Random random = new Random(20261126);
        for (String fixture : new String[] {"h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts", "latm_only.ts", "mp3_only.ts"}) {
            byte[] original = Fixtures.load(fixture);
            for (int round = 0; round < 200; round++) {
                byte[] damaged = original.clone();
                int hits = 1 + random.nextInt(40);
                for (int i = 0; i < hits; i++) {
                    int at = random.nextInt(damaged.length);
                    if (at % 188 != 0) { // keep the sync bytes: lost sync is tested above
                        damaged[at] = (byte) random.nextInt(256);
                    }
                }
                try {
                    TsProbe.probe(damaged);
                } catch (MalformedMediaException expected) {
                    assertTrue(expected.getMessage().contains("byte") || expected.getMessage().contains("PID"),
                            expected.getMessage());
                } catch (RuntimeException e) {
                    throw new AssertionError(fixture + " round " + round + ": " + e, e);
                }
            }
        }
    }

    private static MalformedMediaException rejected(byte[] ts) {
        return assertThrows(MalformedMediaException.class, () -> TsProbe.probe(ts));
    }
}
