package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.TsProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.dolby.AC3SpecificBox;
import org.mp4parser.boxes.iso14496.part1.objectdescriptors.AudioSpecificConfig;
import org.mp4parser.boxes.iso14496.part12.ChunkOffsetBox;
import org.mp4parser.boxes.iso14496.part12.CompositionTimeToSample;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleSizeBox;
import org.mp4parser.boxes.iso14496.part12.SampleToChunkBox;
import org.mp4parser.boxes.iso14496.part12.SyncSampleBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part14.ESDescriptorBox;
import org.mp4parser.tools.Path;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the samples against FFmpeg's own remux of each fixture to MP4 ({@code ffmpeg -i x.ts -c copy
 * out.mp4}), read back with mp4parser: configuration records, sample counts, payload bytes, durations,
 * composition offsets and sync samples.
 *
 * <p>What differs on purpose: FFmpeg 5.1's MP4 muxer keeps access unit delimiters and the in-band
 * SPS/PPS (VPS) in its video samples; we move parameter sets out of band and drop delimiters. So video
 * payloads are compared after removing those NAL unit types from FFmpeg's samples (everything else,
 * SEI included, must match byte for byte), and after removing trailing zero bytes FFmpeg leaves on the
 * last NAL unit of a PES (Annex B trailing_zero_8bits; a NAL unit cannot end in 0x00). FFmpeg's last video sample duration is its own guess and is
 * not compared. Audio MP4 tracks use the sample rate as timescale: times are compared after scaling.
 */
class TsSamplesTest {

    @TempDir
    static java.nio.file.Path dir;

    private static final Map<String, Map<String, Ref>> REFERENCES = new HashMap<>();

    @BeforeAll
    static void ffmpegPresent() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "ffmpeg is not installed");
    }

    static byte[] load(String name) {
        try (InputStream in = TsSamplesTest.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One MP4 track as FFmpeg wrote it. */
    record Ref(String type, long timescale, byte[] config, long[] sizes, long[] durations, int[] compositionOffsets,
               long[] syncSamples, List<byte[]> data, Box configBox) {
    }

    /** FFmpeg's MP4 remux of a fixture, by sample entry type. */
    static synchronized Map<String, Ref> reference(String fixture) throws Exception {
        Map<String, Ref> cached = REFERENCES.get(fixture);
        if (cached != null) {
            return cached;
        }
        java.nio.file.Path ts = dir.resolve(fixture);
        Files.write(ts, load(fixture));
        java.nio.file.Path mp4 = dir.resolve(fixture + ".mp4");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", ts.toString(),
                "-map", "0:v?", "-map", "0:a?", "-c", "copy"));
        if (fixture.startsWith("hevc")) {
            command.addAll(List.of("-tag:v", "hvc1")); // FFmpeg writes hev1 (parameter sets in band) by default
        }
        command.addAll(List.of("-f", "mp4", mp4.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + log);
        byte[] file = Files.readAllBytes(mp4);
        Map<String, Ref> refs = new HashMap<>();
        try (IsoFile iso = new IsoFile(mp4.toFile())) {
            for (TrackBox trak : Path.<TrackBox>getPaths(iso, "moov/trak")) {
                Box entry = ((org.mp4parser.Container) Path.getPath(trak, "mdia/minf/stbl/stsd")).getBoxes().get(0);
                String type = entry.getType();
                Box configBox = ((org.mp4parser.Container) entry).getBoxes().stream()
                        .filter(b -> List.of("avcC", "hvcC", "esds", "dac3", "dec3").contains(b.getType()))
                        .findFirst().orElseThrow();
                byte[] config;
                if (configBox instanceof ESDescriptorBox esds) {
                    AudioSpecificConfig asc = esds.getEsDescriptor().getDecoderConfigDescriptor().getAudioSpecificInfo();
                    config = asc.getConfigBytes();
                } else {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    configBox.getBox(Channels.newChannel(out));
                    byte[] all = out.toByteArray();
                    config = Arrays.copyOfRange(all, 8, all.length);
                }
                long timescale = ((MediaHeaderBox) Path.getPath(trak, "mdia/mdhd")).getTimescale();
                SampleSizeBox stsz = Path.getPath(trak, "mdia/minf/stbl/stsz");
                int count = (int) stsz.getSampleCount();
                long[] sizes = new long[count];
                for (int i = 0; i < count; i++) {
                    sizes[i] = stsz.getSampleSizeAtIndex(i);
                }
                TimeToSampleBox stts = Path.getPath(trak, "mdia/minf/stbl/stts");
                long[] durations = TimeToSampleBox.blowupTimeToSamples(stts.getEntries());
                CompositionTimeToSample ctts = Path.getPath(trak, "mdia/minf/stbl/ctts");
                int[] cts = ctts == null ? new int[count] : CompositionTimeToSample.blowupCompositionTimes(ctts.getEntries());
                SyncSampleBox stss = Path.getPath(trak, "mdia/minf/stbl/stss");
                ChunkOffsetBox stco = Path.getPath(trak, "mdia/minf/stbl/stco");
                SampleToChunkBox stsc = Path.getPath(trak, "mdia/minf/stbl/stsc");
                long[] chunkOffsets = stco.getChunkOffsets();
                long[] perChunk = stsc.blowup(chunkOffsets.length);
                List<byte[]> data = new ArrayList<>(count);
                int sample = 0;
                for (int c = 0; c < chunkOffsets.length; c++) {
                    long at = chunkOffsets[c];
                    for (int k = 0; k < perChunk[c]; k++, sample++) {
                        data.add(Arrays.copyOfRange(file, (int) at, (int) (at + sizes[sample])));
                        at += sizes[sample];
                    }
                }
                refs.put(type, new Ref(type, timescale, config, sizes, durations, cts,
                        stss == null ? null : stss.getSampleNumber(), data, configBox));
            }
        }
        REFERENCES.put(fixture, refs);
        return refs;
    }

    static TrackSamples track(List<TrackSamples> tracks, String fourcc) {
        return tracks.stream().filter(t -> t.format().fourcc().equals(fourcc)).findFirst().orElseThrow();
    }

    static byte[] payload(TrackSamples t, Sample s) {
        return Arrays.copyOfRange(t.data(), s.offset(), s.offset() + s.size());
    }

    /** An MP4 video sample without the NAL units we move out of band or drop. */
    static byte[] withoutOutOfBand(byte[] sample, boolean hevc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < sample.length; ) {
            int length = (sample[i] & 0xFF) << 24 | (sample[i + 1] & 0xFF) << 16 | (sample[i + 2] & 0xFF) << 8 | (sample[i + 3] & 0xFF);
            int type = hevc ? (sample[i + 4] & 0x7E) >> 1 : sample[i + 4] & 0x1F;
            boolean dropped = hevc ? type >= 32 && type <= 35 || type == 38 : type == 7 || type == 8 || type == 9 || type == 12;
            if (!dropped) {
                // A NAL unit never ends in 0x00 (14496-10 §7.4.1, 23008-2 §7.4.2): zeros there are Annex B
                // trailing_zero_8bits, which FFmpeg leaves on the last NAL unit of a PES and we drop.
                int end = i + 4 + length;
                while (end > i + 5 && sample[end - 1] == 0) {
                    end--;
                }
                int kept = end - i - 4;
                out.write(new byte[] {(byte) (kept >>> 24), (byte) (kept >>> 16), (byte) (kept >>> 8), (byte) kept}, 0, 4);
                out.write(sample, i + 4, kept);
            }
            i += 4 + length;
        }
        return out.toByteArray();
    }

    /** "header:length:last byte" of each NAL unit, for failure messages. */
    static String nals(byte[] sample) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sample.length; ) {
            int length = (sample[i] & 0xFF) << 24 | (sample[i + 1] & 0xFF) << 16 | (sample[i + 2] & 0xFF) << 8 | (sample[i + 3] & 0xFF);
            b.append(String.format("%02x:%d:%02x ", sample[i + 4], length, sample[i + 3 + length]));
            i += 4 + length;
        }
        return b.toString();
    }

    /** Sample by sample: payloads, composition offsets, durations (but the last), sync flags. */
    static void compareVideo(String fixture, String fourcc) throws Exception {
        byte[] ts = load(fixture);
        TrackSamples ours = track(TsSamples.extract(ts, 0), fourcc);
        Ref ref = reference(fixture).get(fourcc);
        assertNotNull(ref, fourcc + " in FFmpeg's MP4");
        assertEquals(90000, ref.timescale(), "FFmpeg keeps the 90 kHz time base for copied video");
        List<Sample> samples = ours.samples();
        assertEquals(ref.sizes().length, samples.size(), "sample count");
        boolean hevc = fourcc.equals("hvc1");
        int syncs = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int index = i;
            assertArrayEquals(withoutOutOfBand(ref.data().get(i), hevc), payload(ours, s), () -> "payload of sample " + index
                    + ", FFmpeg's NAL units " + nals(ref.data().get(index)) + ", ours " + nals(payload(ours, s)));
            assertEquals(ref.compositionOffsets()[i], s.compositionOffset(), "composition offset of sample " + i);
            if (i + 1 < samples.size()) {
                assertEquals(ref.durations()[i], s.duration(), "duration of sample " + i);
            } else {
                assertEquals(samples.get(i - 1).duration(), s.duration(), "the last sample repeats the previous delta");
            }
            if (s.sync()) {
                syncs++;
            }
        }
        long[] refSyncNumbers = ref.syncSamples();
        long[] ourSyncNumbers = new long[syncs];
        for (int i = 0, k = 0; i < samples.size(); i++) {
            if (samples.get(i).sync()) {
                ourSyncNumbers[k++] = i + 1;
            }
        }
        assertArrayEquals(refSyncNumbers, ourSyncNumbers, "sync samples (1-based, as stss)");
        assertEquals(0, ours.samples().get(0).decodeTime() + ours.samples().get(0).compositionOffset()
                - ours.earliestPresentationTime(), "first decoded picture is presented first (an IDR)");
    }

    @Test
    void h264WithBFrames() throws Exception {
        compareVideo("h264_aac.ts", "avc1");
        TrackSamples video = track(TsSamples.extract(load("h264_aac.ts"), 0), "avc1");
        // B-frames: composition offsets vary, and decode order differs from presentation order.
        assertTrue(video.samples().stream().mapToInt(Sample::compositionOffset).distinct().count() > 1);
        List<Sample> samples = video.samples();
        int reordered = 0;
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).presentationTime() < samples.get(i - 1).presentationTime()) {
                reordered++;
            }
        }
        assertTrue(reordered > 0, "B-frames are presented before the reference decoded ahead of them");
    }

    @Test
    void h264Main() throws Exception {
        compareVideo("h264_ac3.ts", "avc1");
    }

    @Test
    void hevc() throws Exception {
        compareVideo("hevc_aac.ts", "hvc1");
    }

    @Test
    void avcConfigurationRecordMatchesFfmpeg() throws Exception {
        for (String fixture : List.of("h264_aac.ts", "h264_ac3.ts", "h264_pts_wrap.ts")) {
            byte[] ts = load(fixture);
            TrackSamples video = track(TsSamples.extract(ts, 0), "avc1");
            assertArrayEquals(reference(fixture).get("avc1").config(), video.format().decoderConfig(), fixture + " avcC");
        }
    }

    @Test
    void hevcConfigurationRecordMatchesFfmpeg() throws Exception {
        TrackSamples video = track(TsSamples.extract(load("hevc_aac.ts"), 0), "hvc1");
        assertArrayEquals(reference("hevc_aac.ts").get("hvc1").config(), video.format().decoderConfig(), "hvcC");
    }

    /**
     * Audio: payloads, ASC/dac3/dec3, and times within 2 ticks of FFmpeg's (scaled from its sample-rate
     * timescale). FFmpeg lays MP4 audio out at exact frame steps; we follow each PES's PTS, which the TS
     * muxer rounded to 90 kHz, as the contract says: at 44.1 kHz the two drift apart by up to 2 ticks.
     */
    static TrackSamples compareAudio(String fixture, String fourcc) throws Exception {
        TrackSamples ours = track(TsSamples.extract(load(fixture), 0), fourcc);
        Ref ref = reference(fixture).get(fourcc);
        assertNotNull(ref, fourcc + " in FFmpeg's MP4");
        assertArrayEquals(ref.config(), ours.format().decoderConfig(), fourcc + " decoder configuration");
        List<Sample> samples = ours.samples();
        assertEquals(ref.sizes().length, samples.size(), "sample count");
        long refTime = 0;
        long first = samples.get(0).decodeTime();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            assertArrayEquals(ref.data().get(i), payload(ours, s), "payload of sample " + i);
            assertTrue(s.sync());
            assertEquals(0, s.compositionOffset());
            long expected = Math.round(refTime * 90000.0 / ref.timescale());
            assertTrue(Math.abs(expected - (s.decodeTime() - first)) <= 2,
                    "time of sample " + i + ": " + (s.decodeTime() - first) + " vs FFmpeg's " + expected);
            refTime += ref.durations()[i];
        }
        assertEquals(ours.format().sampleRate(), ref.timescale());
        return ours;
    }

    @Test
    void aac48k() throws Exception {
        TrackSamples aac = compareAudio("h264_aac.ts", "mp4a");
        assertEquals("mp4a.40.2", aac.format().codecString());
        assertEquals("eng", aac.format().language());
        assertEquals(2, aac.format().channels());
        assertTrue(aac.samples().stream().limit(aac.samples().size() - 1).allMatch(s -> s.duration() == 1920));
        assertEquals(1920, aac.samples().get(aac.samples().size() - 1).duration());
    }

    @Test
    void aac441k() throws Exception {
        TrackSamples aac = compareAudio("aac_only.ts", "mp4a");
        assertEquals(44100, aac.format().sampleRate());
        assertEquals("und", aac.format().language());
        // 1024 samples at 44.1 kHz are 2089.8 ticks: durations alternate between 2089 and 2090.
        assertTrue(aac.samples().stream().allMatch(s -> s.duration() == 2089 || s.duration() == 2090));
    }

    @Test
    void ac3() throws Exception {
        TrackSamples ac3 = compareAudio("h264_ac3.ts", "ac-3");
        AC3SpecificBox dac3 = (AC3SpecificBox) reference("h264_ac3.ts").get("ac-3").configBox();
        byte[] c = ac3.format().decoderConfig();
        assertEquals(3, c.length);
        assertEquals(dac3.getFscod(), (c[0] & 0xC0) >> 6);
        assertEquals(dac3.getBsid(), (c[0] & 0x3E) >> 1);
        assertEquals(dac3.getAcmod(), (c[1] & 0x38) >> 3);
        assertEquals(dac3.getBitRateCode(), ((c[1] & 0x03) << 3) | (c[2] & 0xE0) >> 5);
        assertTrue(ac3.samples().stream().allMatch(s -> s.duration() == 2880)); // 1536 samples at 48 kHz
    }

    @Test
    void eac3() throws Exception {
        TrackSamples eac3 = compareAudio("eac3_system_b.ts", "ec-3");
        assertEquals("ec-3", eac3.format().codecString());
    }

    @Test
    void tracksInPmtOrderWithProbeValues() throws Exception {
        byte[] ts = load("h264_aac.ts");
        SegmentProbe probe = TsProbe.probe(ts);
        List<TrackSamples> tracks = TsSamples.extract(ts, 0);
        List<ElementaryStream> media = probe.streams().stream().filter(s -> s.kind() != MediaKind.DATA).toList();
        assertEquals(media.size(), tracks.size(), "the ID3 stream gives no track");
        for (int i = 0; i < tracks.size(); i++) {
            ElementaryStream es = media.get(i);
            TrackSamples t = tracks.get(i);
            assertEquals(es.pid(), t.format().pid());
            assertEquals(es.codec(), t.format().fourcc());
            assertEquals(es.codecString(), t.format().codecString());
            assertEquals(90000, t.format().timescale());
            assertEquals(es.accessUnits(), t.samples().size(), "PES count (video) / frame count (audio)");
            if (es.kind() == MediaKind.VIDEO) {
                assertEquals(320, t.format().width());
                assertEquals(180, t.format().height());
            } else {
                assertEquals(es.sampleRate(), t.format().sampleRate());
            }
        }
        assertTrue(TsSamples.extract(load("mp3_only.ts"), 0).isEmpty(), "MP3 gives no track");
        assertTrue(TsSamples.extract(load("latm_only.ts"), 0).isEmpty(), "LATM gives no track");
    }

    @Test
    void rebasedToStart() throws Exception {
        for (String fixture : List.of("h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts", "h264_pts_wrap.ts")) {
            byte[] ts = load(fixture);
            SegmentProbe probe = TsProbe.probe(ts);
            List<TrackSamples> tracks = TsSamples.extract(ts, 1_000_000);
            TrackSamples video = tracks.get(0);
            assertEquals(MediaKind.VIDEO, video.format().kind());
            assertEquals(1_000_000, video.earliestPresentationTime(), fixture);
            for (TrackSamples t : tracks.subList(1, tracks.size())) {
                ElementaryStream es = probe.streams().stream().filter(s -> s.pid() == t.format().pid()).findFirst().orElseThrow();
                assertEquals(1_000_000 + Pts.relative(es.firstPts(), probe.startPts()), t.baseDecodeTime(), fixture + " audio");
            }
        }
        // audio only: the earliest audio PTS is the start
        assertEquals(5, TsSamples.extract(load("aac_only.ts"), 5).get(0).baseDecodeTime());
    }

    @Test
    void monotonicAcrossPtsWrap() throws Exception {
        byte[] ts = load("h264_pts_wrap.ts");
        compareVideo("h264_pts_wrap.ts", "avc1");
        TrackSamples video = TsSamples.extract(ts, 0).get(0);
        long previous = Long.MIN_VALUE;
        for (Sample s : video.samples()) {
            assertTrue(s.decodeTime() > previous, "decode times increase across the wrap");
            previous = s.decodeTime();
        }
        assertEquals(50, video.samples().size());
        assertEquals(50 * 3600, video.duration());
        long[] presentation = video.samples().stream().mapToLong(Sample::presentationTime).sorted().toArray();
        for (int i = 1; i < presentation.length; i++) {
            assertEquals(3600, presentation[i] - presentation[i - 1], "presentation times step one frame");
        }
    }

    @Test
    void truncatedMidPacket() {
        byte[] cut = Arrays.copyOf(load("h264_aac.ts"), 37412 + 100);
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> TsSamples.extract(cut, 0));
        assertEquals("truncated TS packet at byte 37412 (segment is not a multiple of 188 bytes)", e.getMessage());
    }

    @Test
    void truncatedAtPacketBoundaryDropsTheCutFrames() throws Exception {
        byte[] whole = load("h264_aac.ts");
        List<TrackSamples> full = TsSamples.extract(whole, 0);
        for (int packets = 3; packets < whole.length / 188; packets += 7) {
            byte[] cut = Arrays.copyOf(whole, packets * 188);
            List<TrackSamples> tracks;
            try {
                tracks = TsSamples.extract(cut, 0);
            } catch (MalformedMediaException e) {
                assertFalse(e.getMessage().isBlank());
                continue;
            }
            for (TrackSamples t : tracks) {
                TrackSamples f = full.stream().filter(x -> x.format().pid() == t.format().pid()).findFirst().orElseThrow();
                assertTrue(t.samples().size() <= f.samples().size());
                if (t.format().kind() == MediaKind.AUDIO) {
                    // every audio sample kept is whole: the same bytes as in the whole segment
                    for (int i = 0; i < t.samples().size(); i++) {
                        assertArrayEquals(payload(f, f.samples().get(i)), payload(t, t.samples().get(i)));
                    }
                }
            }
        }
    }

    @Test
    void garbageIsRejectedWithAMessage() {
        byte[] damaged = load("h264_aac.ts");
        damaged[188 * 40] = 0x12;
        MalformedMediaException e = assertThrows(MalformedMediaException.class, () -> TsSamples.extract(damaged, 0));
        assertEquals("lost sync: byte 0x47 expected at byte 7520", e.getMessage());
        assertThrows(MalformedMediaException.class, () -> TsSamples.extract(new byte[0], 0));
    }
}
