package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TsProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link TsStreamFilter} on the committed fixtures (src/test/resources/media, see its README), read
 * back with {@link TsProbe} and with ffprobe, and on synthetic segments for the PMT layouts FFmpeg does
 * not write (a PMT over several packets).
 */
class TsStreamFilterTest {

    private static final int PMT_PID = 0x1000;
    private static final int VIDEO_PID = 0x100;
    private static final int AUDIO_PID = 0x101;
    private static final int ID3_PID = 0x102;

    private static final Set<MediaKind> VIDEO = EnumSet.of(MediaKind.VIDEO);
    private static final Set<MediaKind> AUDIO = EnumSet.of(MediaKind.AUDIO);
    private static final Set<MediaKind> BOTH = EnumSet.of(MediaKind.VIDEO, MediaKind.AUDIO);

    @TempDir
    Path tmp;

    // ---- h264_aac.ts: H.264 0x100, AAC 0x101 (eng), timed ID3 0x102; PCR on the video --------------

    @Test
    void keepVideoLeavesVideoAndTimedMetadata() throws Exception {
        byte[] in = load("h264_aac.ts");
        byte[] out = TsStreamFilter.keep(in, VIDEO);

        assertEquals(0, out.length % 188);
        assertEquals(in.length - 93 * 188, out.length); // exactly the 93 audio packets left out
        assertEquals(List.of(0x11, 0x0, PMT_PID, VIDEO_PID, ID3_PID), pidsInOrderOfFirstUse(out));
        assertSamePacketsExceptPmt(in, out, Set.of(0x0, 0x11, VIDEO_PID, ID3_PID));
        assertContinuous(out);

        SegmentProbe before = TsProbe.probe(in);
        SegmentProbe after = TsProbe.probe(out);
        // The timed ID3 stays with the video: it belongs in the main variant (see TsStreamFilter#keep).
        assertEquals(List.of(MediaKind.VIDEO, MediaKind.DATA), after.streams().stream().map(ElementaryStream::kind).toList());
        ElementaryStream video = after.streams().get(0);
        assertEquals(before.streams().get(0), video); // same codec string, size, PTS range, bytes, access units
        assertEquals("avc1.64000c", video.codecString());
        assertEquals(before.streams().get(2), after.streams().get(1));
        assertEquals(2, after.keyFrames().size());
        assertEquals(before.keyFrames().stream().map(KeyFrame::pts).toList(), after.keyFrames().stream().map(KeyFrame::pts).toList());
        assertEquals(before.startPts(), after.startPts());
        assertEquals(before.durationTicks(), after.durationTicks());

        List<Pmt> pmts = pmtSections(out);
        assertEquals(18, pmts.size()); // every PMT rewritten, none lost
        for (Pmt pmt : pmts) {
            assertEquals(List.of(VIDEO_PID, ID3_PID), pmt.pids());
            assertEquals(VIDEO_PID, pmt.pcrPid());
        }

        assumeTrue(ffprobeAvailable(), "ffprobe not installed");
        assertEquals(List.of("video", "data"), ffprobeTypes(out));
        Map<String, String> framesBefore = ffprobeFrames(in);
        Map<String, String> framesAfter = ffprobeFrames(out);
        assertEquals("50", framesBefore.get("video"));
        assertEquals(framesBefore.get("video"), framesAfter.get("video")); // all 50 pictures decode
    }

    @Test
    void keepAudioLeavesOnlyTheAudio() throws Exception {
        byte[] in = load("h264_aac.ts");
        byte[] out = TsStreamFilter.keep(in, AUDIO);

        assertEquals(0, out.length % 188);
        assertEquals(in.length - (200 + 2) * 188, out.length); // video and ID3 packets left out
        assertEquals(List.of(0x11, 0x0, PMT_PID, AUDIO_PID), pidsInOrderOfFirstUse(out));
        assertSamePacketsExceptPmt(in, out, Set.of(0x0, 0x11, AUDIO_PID));
        assertContinuous(out);

        SegmentProbe before = TsProbe.probe(in);
        SegmentProbe after = TsProbe.probe(out);
        assertEquals(1, after.streams().size());
        ElementaryStream audio = after.streams().get(0);
        assertEquals(before.streams().get(1), audio); // mp4a.40.2, 48 kHz, 2 ch, eng, 95 frames
        assertEquals(95, audio.accessUnits());
        assertEquals(List.of(), after.keyFrames());

        List<Pmt> pmts = pmtSections(out);
        assertEquals(18, pmts.size());
        for (Pmt pmt : pmts) {
            assertEquals(List.of(AUDIO_PID), pmt.pids());
            // PCR_PID named the dropped video; it now names the audio, which carries no PCR.
            assertEquals(AUDIO_PID, pmt.pcrPid());
            assertEquals(1, pmt.packets()); // 0x101 entry + language descriptor: still one packet
        }

        assumeTrue(ffprobeAvailable(), "ffprobe not installed");
        assertEquals(List.of("audio"), ffprobeTypes(out));
        Map<String, String> framesBefore = ffprobeFrames(in);
        assertEquals("95", framesBefore.get("audio"));
        assertEquals(framesBefore.get("audio"), ffprobeFrames(out).get("audio"));
    }

    @Test
    void keepingEverythingIsTheIdentity() throws Exception {
        for (String name : List.of("h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts", "h264_pts_wrap.ts")) {
            byte[] in = load(name);
            assertArrayEquals(in, TsStreamFilter.keep(in, BOTH), name);
            assertArrayEquals(in, TsStreamFilter.keep(in, EnumSet.allOf(MediaKind.class)), name);
        }
        for (String name : List.of("aac_only.ts", "eac3_system_b.ts", "mp3_only.ts", "latm_only.ts")) {
            byte[] in = load(name);
            assertArrayEquals(in, TsStreamFilter.keep(in, AUDIO), name);
            assertArrayEquals(in, TsStreamFilter.keep(in, BOTH), name);
        }
        byte[] videoOnly = load("h264_pts_wrap.ts");
        assertArrayEquals(videoOnly, TsStreamFilter.keep(videoOnly, VIDEO));
    }

    @Test
    void everyMuxedFixtureSplitsIntoItsVideoAndItsAudio() throws Exception {
        for (String name : List.of("h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts")) {
            byte[] in = load(name);
            SegmentProbe probe = TsProbe.probe(in);
            byte[] video = TsStreamFilter.keep(in, VIDEO);
            byte[] audio = TsStreamFilter.keep(in, AUDIO);
            SegmentProbe v = TsProbe.probe(video);
            SegmentProbe a = TsProbe.probe(audio);
            assertEquals(probe.streams().get(0), v.streams().get(0), name);
            assertEquals(probe.keyFrames().size(), v.keyFrames().size(), name);
            assertTrue(v.streams().stream().noneMatch(s -> s.kind() == MediaKind.AUDIO), name);
            assertEquals(List.of(probe.streams().get(1)), a.streams(), name);
            // Each ES packet lands in exactly one output; the PSI (PAT, PMT, SDT) in both.
            int psi = countPids(in, Set.of(0x0, 0x11, PMT_PID));
            assertEquals(in.length / 188 + psi, video.length / 188 + audio.length / 188, name);
            for (byte[] out : List.of(video, audio)) {
                assertContinuous(out);
                assertFalse(pmtSections(out).isEmpty());
            }
        }
    }

    @Test
    void audioOnlySegmentKeepsItsTimedMetadataWithTheAudio() throws Exception {
        // An audio-only program (no video) built from h264_aac.ts: DATA then follows AUDIO.
        byte[] in = load("h264_aac.ts");
        byte[] audioAndId3 = TsStreamFilter.keep(in, EnumSet.of(MediaKind.AUDIO, MediaKind.DATA));
        assertEquals(List.of(AUDIO_PID, ID3_PID), pmtSections(audioAndId3).get(0).pids());
        assertArrayEquals(audioAndId3, TsStreamFilter.keep(audioAndId3, AUDIO));
        assertEquals(List.of(AUDIO_PID), pmtSections(TsStreamFilter.keep(in, AUDIO)).get(0).pids());
    }

    // ---- A PMT over several packets ----------------------------------------------------------------

    /**
     * Video entry with 2 x 200 bytes of descriptors: a 437-byte PMT section over 3 packets, sent twice,
     * the second time with audio packets and an adaptation-only PMT-PID packet between its packets.
     * Dropping the video leaves a 1-packet PMT: the packets in between move up, in their order.
     */
    @Test
    void multiPacketPmtShrinksAndStaysContinuous() throws Exception {
        byte[] in = segmentWithLargePmt();
        List<Pmt> original = pmtSections(in);
        assertEquals(2, original.size());
        assertEquals(3, original.get(0).packets());
        assertEquals(List.of(VIDEO_PID, AUDIO_PID, ID3_PID), original.get(0).pids());

        byte[] audio = TsStreamFilter.keep(in, AUDIO);
        assertEquals(0, audio.length % 188);
        List<Pmt> pmts = pmtSections(audio);
        assertEquals(2, pmts.size());
        for (Pmt pmt : pmts) {
            assertEquals(List.of(AUDIO_PID), pmt.pids());
            assertEquals(AUDIO_PID, pmt.pcrPid());
            assertEquals(1, pmt.packets());
        }
        // 2 x 2 PMT packets, the video and the ID3 packets left out; the PMT PID's counter runs 0, 1 and
        // stays 1 on the adaptation-only packet.
        assertEquals(in.length / 188 - 4 - countPids(in, Set.of(VIDEO_PID, ID3_PID)), audio.length / 188);
        assertEquals(List.of(0, 1, 2, 3, 4, 4, 5), continuityCounters(in, PMT_PID));
        assertEquals(List.of(0, 1, 1), continuityCounters(audio, PMT_PID));
        assertEquals(List.of(0x0, PMT_PID, AUDIO_PID, AUDIO_PID, AUDIO_PID, PMT_PID, AUDIO_PID, PMT_PID, AUDIO_PID,
                AUDIO_PID, AUDIO_PID), pids(audio));
        assertContinuous(audio);
        ProgramTables tables = ProgramTables.locate(audio);
        assertEquals(List.of(AUDIO_PID), tables.streams().stream().map(PmtEntry::pid).toList());

        byte[] video = TsStreamFilter.keep(in, VIDEO);
        pmts = pmtSections(video);
        assertEquals(2, pmts.size());
        for (Pmt pmt : pmts) {
            assertEquals(List.of(VIDEO_PID, ID3_PID), pmt.pids());
            assertEquals(VIDEO_PID, pmt.pcrPid());
            assertEquals(3, pmt.packets()); // still over 3 packets: headers and counters as they were
        }
        assertEquals(continuityCounters(in, PMT_PID), continuityCounters(video, PMT_PID));
        assertContinuous(video);

        assertArrayEquals(in, TsStreamFilter.keep(in, BOTH));
    }

    @Test
    void pcrOnTheAudioStaysWhereItIs() throws Exception {
        byte[] in = new Writer().pat().pmt(AUDIO_PID, new byte[0], new byte[0])
                .pes(VIDEO_PID, 0xE0, 20).pes(AUDIO_PID, 0xC0, 20).toByteArray();
        assertEquals(AUDIO_PID, pmtSections(in).get(0).pcrPid());
        byte[] out = TsStreamFilter.keep(in, VIDEO);
        Pmt pmt = pmtSections(out).get(0);
        assertEquals(List.of(VIDEO_PID, ID3_PID), pmt.pids());
        assertEquals(VIDEO_PID, pmt.pcrPid()); // the audio was dropped: the video takes over
        out = TsStreamFilter.keep(in, AUDIO);
        assertEquals(AUDIO_PID, pmtSections(out).get(0).pcrPid());
    }

    // ---- Malformed input ---------------------------------------------------------------------------

    @Test
    void malformedInputIsRejectedWithFaultAndOffset() {
        byte[] in = load("h264_aac.ts");

        MalformedMediaException e = rejected(Arrays.copyOf(in, 37412 + 100), AUDIO);
        assertEquals("truncated TS packet at byte 37412 (segment is not a multiple of 188 bytes)", e.getMessage());
        assertEquals(37412, e.byteOffset());

        byte[] lostSync = in.clone();
        Arrays.fill(lostSync, 1880, 1880 + 188 * 3, (byte) 0x5A);
        e = rejected(lostSync, AUDIO);
        assertEquals("lost sync: byte 0x47 expected at byte 1880", e.getMessage());
        assertEquals(1880, e.byteOffset());

        e = rejected(new byte[0], VIDEO);
        assertEquals("empty segment (0 bytes)", e.getMessage());

        e = rejected(withoutPid(in, PMT_PID), VIDEO);
        assertEquals("no PMT found (PAT points to PID 4096, never seen)", e.getMessage());

        e = rejected(load("aac_only.ts"), VIDEO);
        assertTrue(e.getMessage().endsWith("lists no elementary stream of kind VIDEO"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> TsStreamFilter.keep(in, EnumSet.noneOf(MediaKind.class)));
    }

    @Test
    void laterPmtWithAnOverrunningEntryIsRejected() throws Exception {
        // The second PMT (packet at 5828) claims ES_info_length 0xFFF for the video, CRC made valid again:
        // the probe never reads that far, the filter rewrites every PMT and must not trust it.
        byte[] in = load("h264_aac.ts");
        int packet = 5828;
        assertEquals(PMT_PID, pid(in, packet));
        int s = packet + 5; // header, pointer_field 0
        in[s + 12 + 3] = (byte) 0xFF; // first entry: stream_type, PID (2), ES_info_length (2)
        in[s + 12 + 4] = (byte) 0xFF;
        int size = 3 + ((in[s + 1] & 0x0F) << 8 | (in[s + 2] & 0xFF));
        int crc = PsiSection.crc32(in, s, s + size - 4);
        for (int i = 0; i < 4; i++) {
            in[s + size - 4 + i] = (byte) (crc >>> 24 - 8 * i);
        }
        MalformedMediaException e = rejected(in, AUDIO);
        assertEquals("PMT at byte 5828: ES_info_length 4095 of PID 256 overruns the section", e.getMessage());
        assertEquals(5828, e.byteOffset());
    }

    @Test
    void laterPmtWithABadCrcIsLeftOut() throws Exception {
        byte[] in = load("h264_aac.ts");
        in[5828 + 5 + 13] ^= 0x01; // a bit of the video PID in the second PMT
        byte[] out = TsStreamFilter.keep(in, AUDIO);
        assertEquals(17, pmtSections(out).size());
        assertContinuous(out); // the PMT PID's counter closes over the section left out
        assertEquals(List.of(AUDIO_PID), TsProbe.probe(out).streams().stream().map(ElementaryStream::pid).toList());
    }

    private static MalformedMediaException rejected(byte[] ts, Set<MediaKind> kinds) {
        return assertThrows(MalformedMediaException.class, () -> TsStreamFilter.keep(ts, kinds));
    }

    // ---- Reading the output back -------------------------------------------------------------------

    /** A PMT section found in the output, parsed back with the probe's PSI code, CRC_32 checked. */
    record Pmt(int pcrPid, List<Integer> pids, int packets) {
    }

    private static List<Pmt> pmtSections(byte[] ts) throws MalformedMediaException {
        List<Pmt> sections = new ArrayList<>();
        PsiSection section = new PsiSection();
        int packets = 0;
        for (int p = 0; p < ts.length; p += 188) {
            int payload = TsPacket.payloadStart(ts, p);
            if (pid(ts, p) != PMT_PID || payload < 0) {
                continue;
            }
            boolean unitStart = TsPacket.payloadUnitStart(ts, p);
            packets = unitStart ? 1 : packets + 1;
            if (section.feed(ts, p, payload, p + 188, unitStart)) {
                byte[] s = section.bytes();
                int size = ProgramTables.checkSection(section, 0x02, "PMT");
                assertTrue(PsiSection.crcValid(s, size), "CRC_32 of the PMT at byte " + section.startPacket());
                for (int i = size; i < section.collected(); i++) {
                    assertEquals((byte) 0xFF, s[i], "stuffing after the PMT at byte " + section.startPacket());
                }
                List<Integer> pids = ProgramTables.parsePmt(s, size, section.startPacket()).stream().map(PmtEntry::pid).toList();
                sections.add(new Pmt((s[8] & 0x1F) << 8 | (s[9] & 0xFF), pids, packets));
            }
        }
        return sections;
    }

    /** Every PID's continuity_counter goes up by one per packet with payload (§2.4.3.3). */
    private static void assertContinuous(byte[] ts) {
        int[] last = new int[8192];
        Arrays.fill(last, -1);
        for (int p = 0; p < ts.length; p += 188) {
            int pid = pid(ts, p);
            int cc = ts[p + 3] & 0x0F;
            boolean payload = (ts[p + 3] & 0x10) != 0;
            if (last[pid] >= 0 && pid != 0x1FFF) {
                assertEquals(payload ? last[pid] + 1 & 0x0F : last[pid], cc, "continuity_counter of PID " + pid + " at byte " + p);
            }
            last[pid] = cc;
        }
    }

    /** Packets of the PIDs in {@code pids} are the same, in the same order, in both segments. */
    private static void assertSamePacketsExceptPmt(byte[] in, byte[] out, Set<Integer> pids) {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        for (int p = 0; p < in.length; p += 188) {
            if (pids.contains(pid(in, p))) {
                expected.write(in, p, 188);
            }
        }
        for (int p = 0; p < out.length; p += 188) {
            if (pids.contains(pid(out, p))) {
                actual.write(out, p, 188);
            }
        }
        assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    }

    private static List<Integer> pidsInOrderOfFirstUse(byte[] ts) {
        List<Integer> pids = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            assertEquals(0x47, ts[p]);
            if (!pids.contains(pid(ts, p))) {
                pids.add(pid(ts, p));
            }
        }
        return pids;
    }

    private static List<Integer> pids(byte[] ts) {
        List<Integer> pids = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            pids.add(pid(ts, p));
        }
        return pids;
    }

    private static List<Integer> continuityCounters(byte[] ts, int pid) {
        List<Integer> counters = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            if (pid(ts, p) == pid) {
                counters.add(ts[p + 3] & 0x0F);
            }
        }
        return counters;
    }

    private static int countPids(byte[] ts, Set<Integer> pids) {
        int n = 0;
        for (int p = 0; p < ts.length; p += 188) {
            if (pids.contains(pid(ts, p))) {
                n++;
            }
        }
        return n;
    }

    private static int pid(byte[] ts, int packet) {
        return (ts[packet + 1] & 0x1F) << 8 | (ts[packet + 2] & 0xFF);
    }

    private static byte[] withoutPid(byte[] ts, int pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p = 0; p < ts.length; p += 188) {
            if (pid(ts, p) != pid) {
                out.write(ts, p, 188);
            }
        }
        return out.toByteArray();
    }

    static byte[] load(String name) {
        try (InputStream in = TsStreamFilterTest.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- ffprobe -----------------------------------------------------------------------------------

    private static boolean ffprobeAvailable() {
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** codec_type per stream index. ffprobe lists a TS's streams twice (in the program, then alone): keyed by index. */
    private List<String> ffprobeTypes(byte[] ts) throws Exception {
        Map<Integer, String> types = new TreeMap<>();
        for (String line : ffprobe(ts, "-show_entries", "stream=index,codec_type")) {
            String[] f = line.split(",");
            types.put(Integer.parseInt(f[0]), f[1]);
        }
        return List.copyOf(types.values());
    }

    /** nb_read_frames per codec_type: decodes every frame (-count_frames). */
    private Map<String, String> ffprobeFrames(byte[] ts) throws Exception {
        Map<String, String> frames = new TreeMap<>();
        for (String line : ffprobe(ts, "-count_frames", "-show_entries", "stream=codec_type,nb_read_frames")) {
            String[] f = line.split(",");
            frames.put(f[0], f[1]);
        }
        return frames;
    }

    private List<String> ffprobe(byte[] ts, String... args) throws Exception {
        Path file = Files.createTempFile(tmp, "segment", ".ts");
        Files.write(file, ts);
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(List.of(args));
        command.addAll(List.of("-of", "csv=p=0", file.toString()));
        Process p = new ProcessBuilder(command).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe timed out");
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("", stderr.strip(), "ffprobe reported errors"); // -v error: decode errors would show here
        return new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }

    // ---- Synthetic segments ------------------------------------------------------------------------

    private static byte[] segmentWithLargePmt() {
        byte[] big = new byte[400];
        for (int d = 0; d < 2; d++) { // two private descriptors (tag 0x80) of 198 bytes
            big[d * 200] = (byte) 0x80;
            big[d * 200 + 1] = (byte) 198;
            Arrays.fill(big, d * 200 + 2, d * 200 + 200, (byte) (0x10 + d));
        }
        Writer w = new Writer().pat();
        byte[][] pmtPackets = w.pmtPackets(VIDEO_PID, big, new byte[]{0x0A, 4, 'e', 'n', 'g', 0});
        w.raw(pmtPackets);
        for (int i = 0; i < 3; i++) {
            w.pes(VIDEO_PID, 0xE0, 400).pes(AUDIO_PID, 0xC0, 150);
        }
        w.pes(ID3_PID, 0xBD, 30);
        byte[][] again = w.pmtPackets(VIDEO_PID, big, new byte[]{0x0A, 4, 'e', 'n', 'g', 0});
        // Other packets between the PMT's packets, one of them an adaptation-only packet of the PMT PID.
        w.raw(again[0]).pes(AUDIO_PID, 0xC0, 100).raw(again[1]).adaptationOnly(PMT_PID, 4).pes(AUDIO_PID, 0xC0, 100)
                .raw(again[2]);
        for (int i = 0; i < 2; i++) {
            w.pes(VIDEO_PID, 0xE0, 300).pes(AUDIO_PID, 0xC0, 150);
        }
        return w.toByteArray();
    }

    /** Packets with counters per PID; PSI sections get their CRC_32 from {@link PsiSection#crc32}. */
    private static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int[] continuity = new int[8192];

        Writer pat() {
            return raw(packets(0, section(0x00, new byte[]{0x00, 0x01, (byte) (0xE0 | PMT_PID >> 8), (byte) PMT_PID})));
        }

        Writer pmt(int pcrPid, byte[] videoDescriptors, byte[] audioDescriptors) {
            return raw(pmtPackets(pcrPid, videoDescriptors, audioDescriptors));
        }

        /** H.264 on 0x100, AAC on 0x101, ID3 (0x15) on 0x102. */
        byte[][] pmtPackets(int pcrPid, byte[] videoDescriptors, byte[] audioDescriptors) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[]{(byte) (0xE0 | pcrPid >> 8), (byte) pcrPid, (byte) 0xF0, 0});
            entry(body, 0x1B, VIDEO_PID, videoDescriptors);
            entry(body, 0x0F, AUDIO_PID, audioDescriptors);
            entry(body, 0x15, ID3_PID, new byte[0]);
            return packets(PMT_PID, section(0x02, body.toByteArray()));
        }

        private static void entry(ByteArrayOutputStream body, int type, int pid, byte[] descriptors) {
            body.writeBytes(new byte[]{(byte) type, (byte) (0xE0 | pid >> 8), (byte) pid,
                    (byte) (0xF0 | descriptors.length >> 8), (byte) descriptors.length});
            body.writeBytes(descriptors);
        }

        /** A PES with a PTS and {@code size} payload bytes. */
        Writer pes(int pid, int streamId, int size) {
            byte[] pes = new byte[14 + size];
            pes[2] = 1;
            pes[3] = (byte) streamId;
            pes[4] = (byte) (8 + size >> 8);
            pes[5] = (byte) (8 + size);
            pes[6] = (byte) 0x80;
            pes[7] = (byte) 0x80;
            pes[8] = 5;
            pes[9] = 0x21;
            pes[11] = 0x01;
            pes[13] = 0x01;
            return raw(packets(pid, pes));
        }

        /** adaptation_field_control '10': stuffing only; {@code cc} is the PID's last one (§2.4.3.3: not incremented). */
        Writer adaptationOnly(int pid, int cc) {
            byte[] p = new byte[188];
            Arrays.fill(p, (byte) 0xFF);
            p[0] = 0x47;
            p[1] = (byte) (pid >> 8);
            p[2] = (byte) pid;
            p[3] = (byte) (0x20 | cc);
            p[4] = (byte) 183;
            p[5] = 0;
            return raw(p);
        }

        Writer raw(byte[]... packets) {
            for (byte[] p : packets) {
                out.writeBytes(p);
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        /** pointer_field 0 + payload over packets; the last padded with 0xFF (PSI) after the data. */
        private byte[][] packets(int pid, byte[] data) {
            boolean psi = pid == 0 || pid == PMT_PID;
            byte[] payload = data;
            if (psi) {
                payload = new byte[data.length + 1];
                System.arraycopy(data, 0, payload, 1, data.length);
            }
            List<byte[]> packets = new ArrayList<>();
            for (int offset = 0; offset == 0 || offset < payload.length; ) {
                byte[] p = new byte[188];
                p[0] = 0x47;
                p[1] = (byte) ((offset == 0 ? 0x40 : 0) | pid >> 8);
                p[2] = (byte) pid;
                int count = Math.min(184, payload.length - offset);
                int start = 4;
                if (count < 184 && !psi) { // PES: adaptation-field stuffing
                    int af = 184 - count - 1;
                    p[3] = (byte) (0x30 | continuity[pid]++ & 0x0F);
                    p[4] = (byte) af;
                    if (af > 0) {
                        Arrays.fill(p, 6, 5 + af, (byte) 0xFF);
                    }
                    start = 5 + af;
                } else {
                    p[3] = (byte) (0x10 | continuity[pid]++ & 0x0F);
                    Arrays.fill(p, 4, 188, (byte) 0xFF);
                }
                System.arraycopy(payload, offset, p, start, count);
                offset += count;
                packets.add(p);
            }
            return packets.toArray(new byte[0][]);
        }

        private static byte[] section(int tableId, byte[] body) {
            int sectionLength = 5 + body.length + 4;
            byte[] s = new byte[3 + sectionLength];
            s[0] = (byte) tableId;
            s[1] = (byte) (0xB0 | sectionLength >> 8);
            s[2] = (byte) sectionLength;
            s[4] = 1; // program_number / transport_stream_id 1
            s[5] = (byte) 0xC1;
            System.arraycopy(body, 0, s, 8, body.length);
            int crc = PsiSection.crc32(s, 0, s.length - 4);
            for (int i = 0; i < 4; i++) {
                s[s.length - 4 + i] = (byte) (crc >>> 24 - 8 * i);
            }
            return s;
        }
    }
}
