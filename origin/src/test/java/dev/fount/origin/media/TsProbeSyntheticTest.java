package dev.fount.origin.media;

import dev.fount.origin.media.TsWriter.Es;
import dev.fount.origin.media.codec.BitWriter;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.fount.origin.media.TsWriter.bytes;
import static dev.fount.origin.media.TsWriter.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Streams ffmpeg 5.1 cannot write (SCTE-35 sections, private data with registration
 * descriptors, unknown stream types) and edge cases built packet by packet with {@link TsWriter}.
 */
class TsProbeSyntheticTest {

    private static final long WRAP = 1L << 33;
    private static final int AUDIO = 0x101;

    @Test
    void everyStreamTypeIsKeptInPmtOrder() throws Exception {
        byte[] language = concat(bytes(0x0A, 0x04), "fra".getBytes(), bytes(0x00));
        byte[] dvbAc3 = bytes(0x6A, 0x01, 0x00);
        byte[] id3Registration = TsWriter.registration("ID3 ");
        byte[] ts = new TsWriter().pat().pmt(
                        new Es(0x0F, AUDIO, language),
                        new Es(0x86, 0x1F0),
                        new Es(0xEE, 0x1F1),
                        new Es(0x06, 0x1F2, id3Registration),
                        new Es(0x06, 0x102, dvbAc3),
                        new Es(0x06, 0x1F3),
                        new Es(0x05, 0x1F4))
                .pes(AUDIO, 0xC0, 900000, TsWriter.repeat(TsWriter.adtsFrame(300), 3))
                .section(0x1F0, spliceNull())
                .pes(0x1F1, 0xBD, 900000, new byte[100])
                .pes(0x1F2, 0xBD, 903600, new byte[40])
                .pes(0x102, 0xBD, 900000, TsWriter.repeat(ac3Frame(), 2))
                .pes(0x1F3, 0xBD, -1, new byte[10])
                .packets(0x1F4, new byte[] {0x00, 0x42, 0x70, 0x03, 1, 2, 3}) // a private section, not a PES
                .section(0x1F0, spliceNull())
                .pes(0x1F2, 0xBD, 990000, new byte[40])
                .toByteArray();

        SegmentProbe probe = TsProbe.probe(ts);

        List<ElementaryStream> s = probe.streams();
        assertEquals(List.of(AUDIO, 0x1F0, 0x1F1, 0x1F2, 0x102, 0x1F3, 0x1F4), s.stream().map(ElementaryStream::pid).toList());
        assertEquals(List.of("mp4a", "scte35", "unknown", "id3", "ac-3", "unknown", "unknown"),
                s.stream().map(ElementaryStream::codec).toList());
        assertEquals(List.of(MediaKind.AUDIO, MediaKind.DATA, MediaKind.DATA, MediaKind.DATA, MediaKind.AUDIO,
                MediaKind.DATA, MediaKind.DATA), s.stream().map(ElementaryStream::kind).toList());

        ElementaryStream aac = s.get(0);
        assertEquals("fra", aac.language());
        assertEquals(3, aac.accessUnits());
        assertEquals(900, aac.payloadBytes());
        assertEquals(900000 + 2 * 1920, aac.lastPts());

        ElementaryStream scte35 = s.get(1);
        assertEquals(2, scte35.accessUnits());
        assertEquals(2 * spliceNull().length, scte35.payloadBytes());
        assertEquals(-1, scte35.firstPts());
        assertNull(scte35.codecString());

        assertEquals(100, s.get(2).payloadBytes());
        assertEquals(1, s.get(2).accessUnits());

        ElementaryStream id3 = s.get(3);
        assertEquals(2, id3.accessUnits());
        assertEquals(903600, id3.firstPts());
        assertEquals(990000, id3.lastPts());

        ElementaryStream ac3 = s.get(4);
        assertEquals("ac-3", ac3.codecString());
        assertEquals(2, ac3.accessUnits());
        assertEquals(48000, ac3.sampleRate());
        assertEquals(2, ac3.channels());

        assertEquals(-1, s.get(5).firstPts()); // a PES without PTS
        assertEquals(7, s.get(6).payloadBytes()); // counted, not parsed

        assertEquals(900000, probe.startPts()); // earliest audio
        assertEquals(3 * 1920, probe.durationTicks()); // the first audio stream: three AAC frames
    }

    @Test
    void audioAcrossThePtsWrapWithAFrameSplitOverTwoPes() throws Exception {
        byte[] frames = TsWriter.repeat(TsWriter.adtsFrame(200), 4);
        // PES 1: frames 0 and 1 and the head of frame 2. PES 2: the rest of frame 2, then frame 3, whose PTS it carries.
        byte[] first = Arrays.copyOfRange(frames, 0, 450);
        byte[] second = Arrays.copyOfRange(frames, 450, 800);
        byte[] ts = new TsWriter().pat().pmt(new Es(0x0F, AUDIO))
                .pes(AUDIO, 0xC0, WRAP - 3840, first)
                .pes(AUDIO, 0xC0, 1920, second)
                .toByteArray();

        SegmentProbe probe = TsProbe.probe(ts);

        ElementaryStream audio = probe.streams().get(0);
        assertEquals(4, audio.accessUnits());
        assertEquals(800, audio.payloadBytes());
        assertEquals(WRAP - 3840, audio.firstPts());
        assertEquals(1920, audio.lastPts());
        assertEquals(WRAP - 3840, probe.startPts());
        assertEquals(4 * 1920, probe.durationTicks());
    }

    @Test
    void programTablesSpanAMultiPacketPmtAfterAGap() throws Exception {
        byte[] bigDescriptor = concat(bytes(0x80, 250), new byte[250]); // a user-private descriptor
        byte[] nullPacket = new byte[188];
        nullPacket[0] = 0x47;
        nullPacket[1] = 0x1F;
        nullPacket[2] = (byte) 0xFF;
        nullPacket[3] = 0x10;
        byte[] ts = new TsWriter().pat()
                .raw(nullPacket)
                .pmt(new Es(0x0F, AUDIO, concat(bigDescriptor, bytes(0x0A, 0x04, 'd', 'e', 'u', 0))))
                .pes(AUDIO, 0xC0, 0, TsWriter.adtsFrame(100))
                .toByteArray();

        SegmentProbe probe = TsProbe.probe(ts);

        // PAT at 0, null packet at 188, PMT in the packets at 376 and 564.
        assertEquals(new ByteRange(0, 752), probe.programTables());
        assertEquals("deu", probe.streams().get(0).language());
        assertEquals(1, probe.streams().get(0).accessUnits());
    }

    @Test
    void frameRateFromPtsWhenTheSpsDeclaresNone() throws Exception {
        int video = 0x100;
        byte[] idr = concat(bytes(0, 0, 0, 1), sps320x180WithoutVui(), bytes(0, 0, 0, 1, 0x65, 0x88, 0x80));
        byte[] p = bytes(0, 0, 0, 1, 0x41, 0x9A, 0x00);
        // Decode order I P B B at 29.97 fps: presentation 0, 3 × 3003, 3003, 2 × 3003.
        byte[] ts = new TsWriter().pat().pmt(new Es(0x1B, video))
                .pes(video, 0xE0, 0, idr)
                .pes(video, 0xE0, 9009, p)
                .pes(video, 0xE0, 3003, p)
                .pes(video, 0xE0, 6006, p)
                .toByteArray();

        SegmentProbe probe = TsProbe.probe(ts);

        ElementaryStream v = probe.streams().get(0);
        assertEquals("avc1.42c01e", v.codecString());
        assertEquals(320, v.width());
        assertEquals(180, v.height());
        assertEquals(30000.0 / 1001, v.frameRate(), 1e-9);
        assertEquals(0, v.firstPts());
        assertEquals(9009, v.lastPts());
        assertEquals(4, v.accessUnits());
        assertEquals(4 * 3003, probe.durationTicks());
        // One key frame: the IDR's PES, up to the packet where the next video PES starts.
        assertEquals(List.of(new KeyFrame(0, new ByteRange(376, 188))), probe.keyFrames());
    }

    /** SCTE 35 splice_info_section carrying a splice_null(), CRC included. */
    private static byte[] spliceNull() {
        return Scte35Sections.section(bytes(0x00, // protocol_version
                0x00, 0x00, 0x00, 0x00, 0x00, // encrypted_packet 0, encryption_algorithm 0, pts_adjustment 0
                0x00, // cw_index
                0xFF, 0xF0, 0x00, // tier 0xFFF, splice_command_length 0
                0x00, // splice_command_type splice_null
                0x00, 0x00)); // descriptor_loop_length 0
    }

    /** A 48 kHz, 128 kbps stereo AC-3 sync frame (A/52 §5.3): 512 bytes. */
    private static byte[] ac3Frame() {
        byte[] header = new BitWriter().u(16, 0x0B77).u(16, 0).u(2, 0).u(6, 16).u(5, 8).u(3, 0)
                .u(3, 2).u(2, 0).u(1, 0).toByteArray();
        return Arrays.copyOf(header, 512);
    }

    /** Constrained Baseline level 3.0, 320x180 (20 × 12 macroblocks cropped by 12 lines), no VUI. */
    private static byte[] sps320x180WithoutVui() {
        byte[] rbsp = new BitWriter().u(8, 66).u(8, 0xC0).u(8, 30)
                .ue(0).ue(0).ue(2).ue(1).flag(false)
                .ue(19).ue(11).flag(true).flag(true)
                .flag(true).ue(0).ue(0).ue(0).ue(6)
                .flag(false).trailingBits().toByteArray();
        return concat(bytes(0x67), rbsp);
    }
}
