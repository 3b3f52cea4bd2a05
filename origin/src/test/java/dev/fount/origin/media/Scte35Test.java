package dev.fount.origin.media;

import static dev.fount.origin.media.TsWriter.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.origin.media.TsWriter.Es;
import dev.fount.origin.media.ts.SpliceInfo;

/** SCTE-35 ad avail signals: read from splice_info_sections, and found by the probe in a TS segment. */
class Scte35Test {

    private static final int VIDEO = 0x100;
    private static final int SCTE = 0x1F0;

    /**
     * A time_signal with a Provider Placement Opportunity Start segmentation descriptor, as
     * published with its decoding (pts 3150057, event 1073741883, duration 18132042, type 0x34)
     * by an independent decoder (Comcast's scte35-js), in the AWS Elemental "SCTE-35 enhanced" docs.
     */
    @Test
    void aPublishedTimeSignalReadsAsItsDecoderSays() {
        String b64 = "/DA0AAAAAAAAAAAABQb+ADAQ6QAeAhxDVUVJQAAAO3/PAAEUrEoICAAAAAAg+2UBNAAANvrtoQ==";
        byte[] section = Base64.getDecoder().decode(b64);
        List<SpliceEvent> events = SpliceInfo.events(section, 0, section.length);
        assertEquals(1, events.size());
        SpliceEvent e = events.get(0);
        assertEquals(3150057, e.pts());
        assertTrue(e.out());
        assertEquals(18132042, e.durationTicks());
        assertEquals(1073741883, e.eventId());
        assertEquals(0x34, e.segmentationTypeId());
        assertEquals(Boolean.TRUE, e.deliveryRestricted(), "delivery_not_restricted_flag 0 (the decoder lists the restriction flags)");
        assertEquals(b64, e.binary());
        assertTrue(e.hex().startsWith("0xFC3034"), e.hex());
    }

    @Test
    void spliceInsertOutAndInWithAdjustment() {
        byte[] out = Scte35Sections.spliceInsert(42, true, 1_000_000L, 30 * 90_000L, 500, 0);
        SpliceEvent e = SpliceInfo.events(out, 0, out.length).get(0);
        assertEquals(1_000_500, e.pts(), "pts_time plus pts_adjustment");
        assertTrue(e.out());
        assertEquals(30 * 90_000L, e.durationTicks());
        assertEquals(42, e.eventId());
        assertEquals(-1, e.segmentationTypeId());

        byte[] in = Scte35Sections.spliceInsert(42, false, (1L << 33) - 100, -1, 300, 0);
        SpliceEvent back = SpliceInfo.events(in, 0, in.length).get(0);
        assertFalse(back.out());
        assertEquals(200, back.pts(), "the adjustment wraps at 33 bits");
        assertEquals(-1, back.durationTicks());

        byte[] immediate = Scte35Sections.spliceInsert(7, true, -1, -1, 0, 0);
        assertEquals(-1, SpliceInfo.events(immediate, 0, immediate.length).get(0).pts());
    }

    @Test
    void cancelledCorruptedAndOtherCommandsGiveNothing() {
        byte[] cancelled = Scte35Sections.spliceInsert(42, true, 1000, -1, 0, 0);
        cancelled[14 + 4] |= (byte) 0x80; // splice_event_cancel_indicator
        Scte35Sections.fixCrc(cancelled);
        assertTrue(SpliceInfo.events(cancelled, 0, cancelled.length).isEmpty());
        byte[] corrupted = Scte35Sections.spliceInsert(42, true, 1000, -1, 0, 0);
        corrupted[20] ^= 1;
        assertTrue(SpliceInfo.events(corrupted, 0, corrupted.length).isEmpty(), "CRC_32 fails");
        byte[] spliceNull = Scte35Sections.section(bytes(0x00, 0, 0, 0, 0, 0, 0, 0xFF, 0xF0, 0x00, 0x00, 0x00, 0x00));
        assertTrue(SpliceInfo.events(spliceNull, 0, spliceNull.length).isEmpty());
        assertTrue(SpliceInfo.events(new byte[] {(byte) 0xFC, 0x30}, 0, 2).isEmpty(), "too short");
    }

    /** The probe finds the signal in a segment's SCTE-35 PID, also when its section spans packets. */
    @Test
    void theProbeReadsSignalsFromTheSegment() throws Exception {
        byte[] shortOne = Scte35Sections.spliceInsert(1, true, 900_000 + 90_000, 15 * 90_000L, 0, 0);
        byte[] longOne = Scte35Sections.spliceInsert(2, false, 900_000 + 180_000, -1, 0, 200); // 200 bytes of descriptors: two packets
        assertTrue(longOne.length > 184);
        byte[] ts = new TsWriter().pat().pmt(new Es(0x1B, VIDEO), new Es(0x86, SCTE))
                .pes(VIDEO, 0xE0, 900_000, h264Idr())
                .section(SCTE, shortOne)
                .pes(VIDEO, 0xE0, 903_600, h264Idr())
                .section(SCTE, longOne)
                .pes(VIDEO, 0xE0, 907_200, h264Idr())
                .toByteArray();
        SegmentProbe probe = TsProbe.probe(ts);
        assertEquals(2, probe.splices().size(), probe.splices().toString());
        assertEquals(990_000, probe.splices().get(0).pts());
        assertTrue(probe.splices().get(0).out());
        assertEquals(1_080_000, probe.splices().get(1).pts());
        assertFalse(probe.splices().get(1).out());
        assertEquals(Base64.getEncoder().encodeToString(longOne), probe.splices().get(1).binary());
    }

    @Test
    void anImmediateSpliceHappensAtTheSegmentStart() throws Exception {
        byte[] ts = new TsWriter().pat().pmt(new Es(0x1B, VIDEO), new Es(0x86, SCTE))
                .pes(VIDEO, 0xE0, 900_000, h264Idr())
                .section(SCTE, Scte35Sections.spliceInsert(3, true, -1, -1, 0, 0))
                .toByteArray();
        assertEquals(900_000, TsProbe.probe(ts).splices().get(0).pts());
    }

    /** Enough of an H.264 access unit for the probe: an AUD and an IDR slice header. */
    private static byte[] h264Idr() {
        return bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00);
    }
}
