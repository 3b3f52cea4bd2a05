package dev.fount.origin.media;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe against what ffprobe 5.1.9 (Debian 12) reports for the committed fixtures. The numbers
 * below were read once from these two commands (the README has the fixtures' own commands) and
 * pasted here; they are not produced by the code under test:
 *
 * <pre>
 * ffprobe -v error -show_entries stream=index,id,codec_name,profile,level,width,height,r_frame_rate,sample_rate,channels:stream_tags=language -of csv=p=0 FILE
 * ffprobe -v error -show_entries packet=stream_index,pts,duration,size,pos,flags -of csv=p=0 FILE | awk -F, '
 *   { s=$1; n[s]++; sz[s]+=$4; if(!(s in mn)||$2&lt;mn[s])mn[s]=$2; if(!(s in mx)||$2&gt;mx[s]){mx[s]=$2;d[s]=$3}; if($6~/K/&amp;&amp;s==0)k[s]=k[s]" "$5"@"$2 }
 *   END { for(s in n) print s, "packets="n[s], "bytes="sz[s], "minpts="mn[s], "maxpts="mx[s], "span="mx[s]-mn[s]+d[s], "keys="k[s] }'
 * </pre>
 *
 * "span" is max PTS - min PTS + the last packet's duration; "keys" lists pos@pts of key packets.
 */
class TsProbeFixturesTest {

    private static final long WRAP = 1L << 33;

    @Test
    void h264HighWithAacAndTimedId3() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("h264_aac.ts"));

        // ffprobe: 0,h264,High,320,180,12,0x100,25/1 | 1,aac,LC,48000,2,0x101,eng | 2,timed_id3,0x102
        assertEquals(3, probe.streams().size());
        ElementaryStream video = probe.streams().get(0);
        assertStream(video, 0x100, 0x1B, MediaKind.VIDEO, "avc1", 133200, 309600, 30908, 50);
        // By hand from the SPS NAL unit 67 64 00 0c ac d9 41 41 …: profile_idc 0x64 (High, ffprobe "High"),
        // constraint flags 0x00, level_idc 0x0c (12, ffprobe level=12).
        assertEquals("avc1.64000c", video.codecString());
        assertEquals(320, video.width());
        assertEquals(180, video.height()); // 12 macroblock rows = 192, cropped by 12 lines
        assertEquals(25.0, video.frameRate()); // r_frame_rate=25/1

        ElementaryStream audio = probe.streams().get(1);
        // ffprobe: packets=95 bytes=16673 minpts=131280 maxpts=311760 span=182400
        assertStream(audio, 0x101, 0x0F, MediaKind.AUDIO, "mp4a", 131280, 311760, 16673, 95);
        assertEquals("mp4a.40.2", audio.codecString()); // profile LC = object type 2
        assertEquals(48000, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals("eng", audio.language());
        assertNull(video.language());

        ElementaryStream id3 = probe.streams().get(2);
        // ffprobe: packets=2 minpts=133200 maxpts=223200, but bytes=54: it reports 27 bytes per packet
        // where the PES carries the whole 32-byte ID3 tag (10-byte header + 22-byte TXXX frame; the PES
        // at byte 5452 has PES_packet_length 40 = 8 header bytes + 32). ffprobe 5.1 drops the first 5
        // payload bytes of stream_type 0x15 PES, presumably as a metadata AU cell header (13818-1 §2.12.4).
        assertStream(id3, 0x102, 0x15, MediaKind.DATA, "id3", 133200, 223200, 64, 2);
        assertNull(id3.codecString());

        // Main stream is the video: span=180000 (max 309600 - min 133200 + 3600).
        assertEquals(133200, probe.startPts());
        assertEquals(180000, probe.durationTicks());
        // -g 25 at 25 fps: one IDR per second; ffprobe key packets at pos 564 (pts 133200) and 28952 (pts 223200).
        assertKeyFrames(probe, List.of(564L, 28952L), List.of(133200L, 223200L));
        // SDT at 0, PAT at 188, PMT at 376.
        assertEquals(new ByteRange(188, 376), probe.programTables());
        assertEquals(62980, probe.bytes());
    }

    @Test
    void hevcWithAac() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("hevc_aac.ts"));

        // ffprobe: 0,hevc,Main,320,180,60,0x100,25/1; packets=50 bytes=23995 minpts=133200 maxpts=309600 span=180000
        ElementaryStream video = probe.streams().get(0);
        assertStream(video, 0x100, 0x24, MediaKind.VIDEO, "hvc1", 133200, 309600, 23995, 50);
        // By hand from the SPS 42 01 01 | 01 | 60 00 00 00 | 90 00 00 00 00 00 | 3c (emulation bytes removed):
        // profile space 0, Main tier, general_profile_idc 1 (ffprobe "Main"); compatibility flags 1 and 2
        // (0x60000000, bit-reversed 0x6); progressive_source and frame_only constraint flags (0x90, other
        // bytes zero and omitted); general_level_idc 60 (ffprobe level=60).
        assertEquals("hvc1.1.6.L60.90", video.codecString());
        assertEquals(320, video.width());
        assertEquals(180, video.height());
        assertEquals(25.0, video.frameRate());

        assertStream(probe.streams().get(1), 0x101, 0x0F, MediaKind.AUDIO, "mp4a", 131280, 311760, 16673, 95);
        assertEquals(133200, probe.startPts());
        assertEquals(180000, probe.durationTicks());
        // ffprobe key packets: 564@133200 22560@223200 (IRAP pictures, keyint=25)
        assertKeyFrames(probe, List.of(564L, 22560L), List.of(133200L, 223200L));
    }

    @Test
    void h264MainWithAc3() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("h264_ac3.ts"));

        // ffprobe: 0,h264,Main,320,180,12; packets=50 bytes=30321 minpts=133200 maxpts=309600
        ElementaryStream video = probe.streams().get(0);
        assertStream(video, 0x100, 0x1B, MediaKind.VIDEO, "avc1", 133200, 309600, 30321, 50);
        // By hand from the SPS 67 4d 40 0c …: Main (77 = 0x4d), constraint_set1_flag (0x40), level 12.
        assertEquals("avc1.4d400c", video.codecString());

        // ffprobe: 1,ac3,48000,2 (codec_tag AC-3); packets=63 bytes=24192 minpts=132720 maxpts=311280 span=181440
        ElementaryStream audio = probe.streams().get(1);
        assertStream(audio, 0x101, 0x81, MediaKind.AUDIO, "ac-3", 132720, 311280, 24192, 63);
        assertEquals("ac-3", audio.codecString());
        assertEquals(48000, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertKeyFrames(probe, List.of(564L, 33840L), List.of(133200L, 223200L));
    }

    @Test
    void aacOnly() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("aac_only.ts"));

        // ffprobe: 0,aac,LC,44100,2; packets=88 bytes=16699 minpts=126000 maxpts=307812 span=183901
        assertEquals(1, probe.streams().size());
        ElementaryStream audio = probe.streams().get(0);
        assertStream(audio, 0x100, 0x0F, MediaKind.AUDIO, "mp4a", 126000, 307812, 16699, 88);
        assertEquals("mp4a.40.2", audio.codecString());
        assertEquals(44100, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals(126000, probe.startPts());
        // A 44.1 kHz frame lasts 1024 × 90000 / 44100 = 2089.8 ticks: ffprobe truncates the last packet's
        // duration to 2089, the probe rounds 88 frames' worth of time, hence one tick apart.
        assertEquals(183901, probe.durationTicks(), 1);
        assertTrue(probe.keyFrames().isEmpty());
    }

    @Test
    void eac3AsDvbPrivateData() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("eac3_system_b.ts"));

        // ffprobe: 0,eac3,48000,2 (codec_tag EAC3); packets=63 bytes=24192 minpts=126000 maxpts=304560 span=181440
        ElementaryStream audio = probe.streams().get(0);
        assertStream(audio, 0x100, 0x06, MediaKind.AUDIO, "ec-3", 126000, 304560, 24192, 63);
        assertEquals("ec-3", audio.codecString());
        assertEquals(48000, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals(181440, probe.durationTicks());
    }

    @Test
    void mp3Only() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("mp3_only.ts"));

        // ffprobe: 0,mp3,44100,1; packets=78 bytes=16300 minpts=126000 maxpts=307028 span=183379
        ElementaryStream audio = probe.streams().get(0);
        assertStream(audio, 0x100, 0x03, MediaKind.AUDIO, "mp3", 126000, 307028, 16300, 78);
        assertEquals("mp4a.40.34", audio.codecString());
        assertEquals(44100, audio.sampleRate());
        assertEquals(1, audio.channels());
        assertEquals(183379, probe.durationTicks());
    }

    @Test
    void aacInLatm() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("latm_only.ts"));

        // ffprobe: 0,aac_latm,LC,48000,2; packets=95 bytes=16377 minpts=126000 maxpts=306480 span=182400
        ElementaryStream audio = probe.streams().get(0);
        assertStream(audio, 0x100, 0x11, MediaKind.AUDIO, "mp4a", 126000, 306480, 16377, 95);
        assertEquals("mp4a.40.2", audio.codecString());
        assertEquals(48000, audio.sampleRate());
        assertEquals(2, audio.channels());
        assertEquals(182400, probe.durationTicks());
    }

    @Test
    void ptsWrapsInsideTheSegment() throws Exception {
        SegmentProbe probe = TsProbe.probe(Fixtures.load("h264_pts_wrap.ts"));

        // ffprobe unwraps around the first timestamp: minpts=-91592 maxpts=84808 span=180000, key packets
        // 564@-91592 22936@-1592. As found in the stream, -91592 is 2^33 - 91592.
        ElementaryStream video = probe.streams().get(0);
        assertStream(video, 0x100, 0x1B, MediaKind.VIDEO, "avc1", WRAP - 91592, 84808, 30908, 50);
        assertEquals(WRAP - 91592, probe.startPts());
        assertEquals(180000, probe.durationTicks());
        assertKeyFrames(probe, List.of(564L, 22936L), List.of(WRAP - 91592, WRAP - 1592));
    }

    private static void assertStream(ElementaryStream s, int pid, int streamType, MediaKind kind, String codec,
                                     long firstPts, long lastPts, long payloadBytes, int accessUnits) {
        assertEquals(pid, s.pid(), "pid");
        assertEquals(streamType, s.streamType(), "stream_type");
        assertEquals(kind, s.kind(), "kind");
        assertEquals(codec, s.codec(), "codec");
        assertEquals(firstPts, s.firstPts(), "firstPts");
        assertEquals(lastPts, s.lastPts(), "lastPts");
        assertEquals(payloadBytes, s.payloadBytes(), "payloadBytes");
        assertEquals(accessUnits, s.accessUnits(), "accessUnits");
    }

    /** Key frames at the given PES start positions; each range runs to the next video PES. */
    private static void assertKeyFrames(SegmentProbe probe, List<Long> offsets, List<Long> pts) {
        assertEquals(offsets, probe.keyFrames().stream().map(k -> k.range().offset()).toList(), "key frame offsets");
        assertEquals(pts, probe.keyFrames().stream().map(KeyFrame::pts).toList(), "key frame PTS");
        for (KeyFrame k : probe.keyFrames()) {
            assertEquals(0, k.range().offset() % 188, "packet aligned");
            assertEquals(0, k.range().length() % 188, "whole packets");
            assertTrue(k.range().length() > 0);
        }
    }
}
