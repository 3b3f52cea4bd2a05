package dev.fount.origin.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.dolby.AC3SpecificBox;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaDataBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentBox;
import org.mp4parser.boxes.iso14496.part12.MovieFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SegmentTypeBox;
import org.mp4parser.boxes.iso14496.part12.TrackExtendsBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBaseMediaDecodeTimeBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentBox;
import org.mp4parser.boxes.iso14496.part12.TrackFragmentHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.iso14496.part12.TrackRunBox;
import org.mp4parser.boxes.microsoft.TfrfBox;
import org.mp4parser.boxes.microsoft.TfxdBox;
import org.mp4parser.boxes.sampleentry.AudioSampleEntry;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;
import org.mp4parser.tools.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;

/**
 * Round trips against real encoder output: ffmpeg makes progressive MP4s, {@link Mp4Source}
 * turns a track into Fount's model, the writer packages it, and ffprobe/ffmpeg must decode
 * every frame while mp4parser reads back the boxes.
 */
class Fmp4WriterTest {

    @TempDir
    static java.nio.file.Path dir;

    static java.nio.file.Path avcAac;
    static java.nio.file.Path hevcAc3;
    static java.nio.file.Path eac3;

    @BeforeAll
    static void encode() throws Exception {
        assumeTrue(Commands.runs("ffmpeg", "-version") && Commands.runs("ffprobe", "-version"), "ffmpeg/ffprobe not installed");
        avcAac = dir.resolve("avc-aac.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx264", "-bf", "2", "-g", "25",
                "-sc_threshold", "0", "-c:a", "aac", avcAac.toString());
        hevcAc3 = dir.resolve("hevc-ac3.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx265", "-tag:v", "hvc1",
                "-x265-params", "keyint=25:min-keyint=25:scenecut=0:bframes=2:log-level=error", "-c:a", "ac3",
                "-ac", "2", hevcAc3.toString());
        eac3 = dir.resolve("eac3.mp4");
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:a", "eac3", "-ac", "2",
                eac3.toString());
    }

    // ----------------------------------------------------------------------------- CMAF

    @Test
    void avcRoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "vide");
        assertEquals(50, src.samples().size());
        byte[] out = writeCmaf(src, "avc.mp4");
        JsonNode stream = probe(dir.resolve("avc.mp4"));
        assertEquals("h264", stream.get("codec_name").asText());
        assertEquals(320, stream.get("width").asInt());
        assertEquals(180, stream.get("height").asInt());
        assertEquals(50, stream.get("nb_read_frames").asInt());
        assertStructure(out, src, true);
    }

    @Test
    void hevcRoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(hevcAc3, "vide");
        assertEquals("hvc1", src.format().fourcc());
        writeCmaf(src, "hevc.mp4");
        JsonNode stream = probe(dir.resolve("hevc.mp4"));
        assertEquals("hevc", stream.get("codec_name").asText());
        assertEquals(320, stream.get("width").asInt());
        assertEquals(src.samples().size(), stream.get("nb_read_frames").asInt());
    }

    @Test
    void aacRoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "soun");
        byte[] out = writeCmaf(src, "aac.mp4");
        JsonNode stream = probe(dir.resolve("aac.mp4"));
        assertEquals("aac", stream.get("codec_name").asText());
        assertEquals(48000, stream.get("sample_rate").asInt());
        assertEquals(1, stream.get("channels").asInt());
        assertEquals(src.samples().size(), stream.get("nb_read_frames").asInt());
        assertStructure(out, src, false);
        // The ASC comes back verbatim out of the esds we wrote.
        byte[] esds = Boxes.child(out, stsdEntry(out).payload() + 28, stsdEntry(out).end(), "esds").payloadBytes(out);
        assertArrayEquals(src.format().decoderConfig(), Mp4Source.asc(esds));
        assertArrayEquals(Fmp4Writer.esds(src.format().decoderConfig()), esds);
    }

    @Test
    void ac3RoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(hevcAc3, "soun");
        assertEquals("ac-3", src.format().fourcc());
        byte[] out = writeCmaf(src, "ac3.mp4");
        JsonNode stream = probe(dir.resolve("ac3.mp4"));
        assertEquals("ac3", stream.get("codec_name").asText());
        assertEquals(48000, stream.get("sample_rate").asInt());
        assertEquals(2, stream.get("channels").asInt());
        assertEquals(src.samples().size(), stream.get("nb_read_frames").asInt());
        Boxes.Box entry = stsdEntry(out);
        assertArrayEquals(src.format().decoderConfig(),
                Boxes.child(out, entry.payload() + 28, entry.end(), "dac3").payloadBytes(out));
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(out)))) {
            AC3SpecificBox dac3 = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/ac-3/dac3");
            assertEquals(0, dac3.getFscod()); // 48 kHz
            assertEquals(2, dac3.getAcmod()); // 2/0
        }
    }

    @Test
    void eac3RoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(eac3, "soun");
        assertEquals("ec-3", src.format().fourcc());
        byte[] out = writeCmaf(src, "eac3.mp4");
        JsonNode stream = probe(dir.resolve("eac3.mp4"));
        assertEquals("eac3", stream.get("codec_name").asText());
        assertEquals(48000, stream.get("sample_rate").asInt());
        assertEquals(src.samples().size(), stream.get("nb_read_frames").asInt());
        Boxes.Box entry = stsdEntry(out);
        assertArrayEquals(src.format().decoderConfig(),
                Boxes.child(out, entry.payload() + 28, entry.end(), "dec3").payloadBytes(out));
    }

    /** init + two media segments, split at the second sync sample (video) or halfway (audio). */
    private static byte[] writeCmaf(TrackSamples src, String name) throws IOException {
        List<TrackSamples> halves = split(src);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(Fmp4Writer.initSegment(src.format()));
        all.write(Fmp4Writer.mediaSegment(1, halves.get(0)));
        all.write(Fmp4Writer.mediaSegment(2, halves.get(1)));
        byte[] out = all.toByteArray();
        Files.write(dir.resolve(name), out);
        return out;
    }

    /** Two halves, cut at the second sync sample (video) or halfway (audio); CencTest splits alike. */
    static List<TrackSamples> split(TrackSamples src) {
        List<Sample> s = src.samples();
        int cut = s.size() / 2;
        if (src.format().kind() == MediaKind.VIDEO) {
            cut = 1;
            while (!s.get(cut).sync()) {
                cut++;
            }
        }
        return List.of(new TrackSamples(src.format(), s.subList(0, cut), src.data()),
                new TrackSamples(src.format(), s.subList(cut, s.size()), src.data()));
    }

    /** Reads our output back with mp4parser and checks the boxes against the samples. */
    private static void assertStructure(byte[] out, TrackSamples src, boolean video) throws IOException {
        assertEquals(List.of("ftyp", "moov", "styp", "moof", "mdat", "styp", "moof", "mdat"), Boxes.topLevel(out));
        List<TrackSamples> halves = split(src);
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(out)))) {
            FileTypeBox ftyp = iso.getBoxes(FileTypeBox.class).get(0);
            assertEquals("iso6", ftyp.getMajorBrand());
            assertEquals(List.of("iso6", "cmfc", "dash"), ftyp.getCompatibleBrands());
            MovieHeaderBox mvhd = Path.getPath(iso, "moov/mvhd");
            assertEquals(src.format().timescale(), mvhd.getTimescale());
            assertEquals(2, mvhd.getNextTrackId());
            assertEquals(0, mvhd.getDuration());
            TrackHeaderBox tkhd = Path.getPath(iso, "moov/trak/tkhd");
            assertEquals(1, tkhd.getTrackId());
            assertEquals(7, tkhd.getFlags());
            MediaHeaderBox mdhd = Path.getPath(iso, "moov/trak/mdia/mdhd");
            assertEquals(src.format().timescale(), mdhd.getTimescale());
            assertEquals(Fmp4Writer.language(src.format().language()), mdhd.getLanguage());
            HandlerBox hdlr = Path.getPath(iso, "moov/trak/mdia/hdlr");
            assertEquals(video ? "vide" : "soun", hdlr.getHandlerType());
            if (video) {
                assertEquals(320.0, tkhd.getWidth());
                assertEquals(180.0, tkhd.getHeight());
                VisualSampleEntry avc1 = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/avc1");
                assertEquals(320, avc1.getWidth());
                assertEquals(24, avc1.getDepth());
                assertNotNull(Path.getPath(iso, "moov/trak/mdia/minf/vmhd"));
            } else {
                assertEquals(1.0f, tkhd.getVolume());
                AudioSampleEntry mp4a = Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/mp4a");
                assertEquals(48000, mp4a.getSampleRate());
                assertEquals(16, mp4a.getSampleSize());
                assertNotNull(Path.getPath(iso, "moov/trak/mdia/minf/smhd"));
            }
            assertNotNull(Path.getPath(iso, "moov/trak/mdia/minf/dinf/dref/url "));
            TrackExtendsBox trex = Path.getPath(iso, "moov/mvex/trex");
            assertEquals(1, trex.getTrackId());
            assertEquals(1, trex.getDefaultSampleDescriptionIndex());

            SegmentTypeBox styp = iso.getBoxes(SegmentTypeBox.class).get(0);
            assertEquals("msdh", styp.getMajorBrand());
            assertEquals(List.of("msdh", "cmfs"), styp.getCompatibleBrands());

            List<MovieFragmentBox> moofs = iso.getBoxes(MovieFragmentBox.class);
            List<MediaDataBox> mdats = iso.getBoxes(MediaDataBox.class);
            List<Boxes.Box> moofRaw = Boxes.children(out, 0, out.length).stream().filter(b -> b.type().equals("moof")).toList();
            List<Boxes.Box> mdatRaw = Boxes.children(out, 0, out.length).stream().filter(b -> b.type().equals("mdat")).toList();
            for (int f = 0; f < 2; f++) {
                TrackSamples half = halves.get(f);
                List<Sample> samples = half.samples();
                MovieFragmentBox moof = moofs.get(f);
                assertEquals(f + 1, moof.getBoxes(MovieFragmentHeaderBox.class).get(0).getSequenceNumber());
                TrackFragmentBox traf = moof.getBoxes(TrackFragmentBox.class).get(0);
                TrackFragmentHeaderBox tfhd = traf.getTrackFragmentHeaderBox();
                assertEquals(1, tfhd.getTrackId());
                assertTrue(tfhd.isDefaultBaseIsMoof());
                TrackFragmentBaseMediaDecodeTimeBox tfdt = traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).get(0);
                assertEquals(1, tfdt.getVersion());
                assertEquals(samples.get(0).decodeTime(), tfdt.getBaseMediaDecodeTime());
                TrackRunBox trun = traf.getBoxes(TrackRunBox.class).get(0);
                assertEquals(samples.size(), trun.getSampleCount());
                for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    TrackRunBox.Entry e = trun.getEntries().get(i);
                    assertEquals(s.size(), e.getSampleSize());
                    assertEquals(s.duration(), effectiveDuration(tfhd, trun, e));
                    assertEquals(s.compositionOffset(), trun.isSampleCompositionTimeOffsetPresent() ? e.getSampleCompositionTimeOffset() : 0);
                    assertEquals(s.sync() ? Fmp4Writer.SYNC_SAMPLE_FLAGS : Fmp4Writer.NON_SYNC_SAMPLE_FLAGS,
                            effectiveFlags(out, moofRaw.get(f), i));
                }
                if (video) {
                    assertTrue(trun.isSampleCompositionTimeOffsetPresent(), "B-frames need CTOs");
                    assertFalse(trun.isSampleFlagsPresent(), "a GOP takes first-sample-flags + default");
                    assertTrue(trun.isFirstSampleFlagsPresent());
                }
                // data_offset points at the first payload byte; mdat holds exactly the payloads in order.
                assertEquals(mdatRaw.get(f).payload(), moofRaw.get(f).start() + trun.getDataOffset());
                assertEquals(8L + half.payloadBytes(), mdats.get(f).getSize());
                assertArrayEquals(payloads(half), mdatRaw.get(f).payloadBytes(out));
            }
        }
    }

    // ----------------------------------------------------------------------------- Smooth

    @Test
    void smoothFragmentRoundTrip() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "vide");
        List<TrackSamples> halves = split(src);
        TrackSamples a = halves.get(0);
        TrackSamples b = halves.get(1);
        long[] next = { Fmp4Writer.smoothFragmentTime(b), b.duration() };
        byte[] f1 = Fmp4Writer.smoothFragment(1, a, List.<long[]>of(next));
        byte[] f2 = Fmp4Writer.smoothFragment(2, b, List.of());
        assertEquals(List.of("moof", "mdat"), Boxes.topLevel(f1));

        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(f1)))) {
            TrackFragmentBox traf = Path.getPath(iso, "moof/traf");
            assertTrue(traf.getTrackFragmentHeaderBox().isDefaultBaseIsMoof());
            assertTrue(traf.getBoxes(TrackFragmentBaseMediaDecodeTimeBox.class).isEmpty(), "no tfdt in Smooth fragments");
            TfxdBox tfxd = traf.getBoxes(TfxdBox.class).get(0);
            assertEquals(1, tfxd.getVersion());
            assertEquals(a.earliestPresentationTime(), tfxd.getFragmentAbsoluteTime());
            assertTrue(a.samples().get(0).compositionOffset() > 0, "the test needs B-frames to tell PTS from DTS");
            assertEquals(a.duration(), tfxd.getFragmentAbsoluteDuration());
            TfrfBox tfrf = traf.getBoxes(TfrfBox.class).get(0);
            assertEquals(1, tfrf.getVersion());
            assertEquals(1, tfrf.getFragmentCount());
            assertEquals(next[0], tfrf.getEntries().get(0).getFragmentAbsoluteTime());
            assertEquals(next[1], tfrf.getEntries().get(0).getFragmentAbsoluteDuration());
            TrackRunBox trun = traf.getBoxes(TrackRunBox.class).get(0);
            assertEquals(a.samples().size(), trun.getSampleCount());
            Boxes.Box mdat = Boxes.child(f1, 0, f1.length, "mdat");
            assertEquals(mdat.payload(), trun.getDataOffset());
            assertArrayEquals(payloads(a), mdat.payloadBytes(f1));
        }
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(f2)))) {
            TfrfBox tfrf = Path.getPath(iso, "moof/traf/uuid[1]");
            assertEquals(0, tfrf.getFragmentCount());
            // tfxd and tfrf come after tfhd and trun, in that order (as ffmpeg's ismv muxer writes them)
            assertNull(Path.getPath(iso, "moof/traf/tfdt"));
        }

        java.nio.file.Path file = dir.resolve("smooth.mp4");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(Fmp4Writer.initSegment(src.format()));
        all.write(f1);
        all.write(f2);
        Files.write(file, all.toByteArray());
        JsonNode stream = probe(file);
        assertEquals("h264", stream.get("codec_name").asText());
        assertEquals(src.samples().size(), stream.get("nb_read_frames").asInt());
    }

    // ----------------------------------------------------------------------------- units

    @Test
    void flagsPerSampleWhenIrregularAndDefaultsWhenUniform() throws IOException {
        TrackFormat f = new TrackFormat(1, MediaKind.VIDEO, "avc1", "avc1.64001f", 90000, 16, 16, 0, 0, "und", new byte[] { 1 });
        byte[] data = { 1, 2, 3, 4, 5, 6 };
        // sync, non-sync, sync: samples 1.. differ, so flags go per sample; durations differ too.
        TrackSamples t = new TrackSamples(f, List.of(new Sample(1000, 0, 3000, true, 0, 2), new Sample(4000, 0, 3003, false, 2, 2),
                new Sample(7003, 0, 3000, true, 4, 2)), data);
        byte[] seg = Fmp4Writer.mediaSegment(7, t);
        assertEquals(seg.length, Boxes.children(seg, 0, seg.length).stream().mapToInt(b -> b.end() - b.start()).sum());
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(seg)))) {
            TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
            assertTrue(trun.isSampleFlagsPresent());
            assertTrue(trun.isSampleDurationPresent());
            assertFalse(trun.isSampleCompositionTimeOffsetPresent());
            assertEquals(List.of(3000L, 3003L, 3000L), trun.getEntries().stream().map(TrackRunBox.Entry::getSampleDuration).toList());
            assertEquals(List.of(2, 1, 2), trun.getEntries().stream().map(e -> e.getSampleFlags().getSampleDependsOn()).toList());
            assertEquals(1000, ((TrackFragmentBaseMediaDecodeTimeBox) Path.getPath(iso, "moof/traf/tfdt")).getBaseMediaDecodeTime());
        }
        Boxes.Box mdat = Boxes.child(seg, 0, seg.length, "mdat");
        assertArrayEquals(data, mdat.payloadBytes(seg));

        // All sync, constant duration (audio): both defaults in tfhd, trun carries sizes only.
        TrackSamples audio = new TrackSamples(f, List.of(new Sample(0, 0, 1024, true, 0, 3), new Sample(1024, 0, 1024, true, 3, 3)), data);
        byte[] a = Fmp4Writer.mediaSegment(1, audio);
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(a)))) {
            TrackFragmentHeaderBox tfhd = Path.getPath(iso, "moof/traf/tfhd");
            assertEquals(1024, tfhd.getDefaultSampleDuration());
            assertEquals(2, tfhd.getDefaultSampleFlags().getSampleDependsOn());
            TrackRunBox trun = Path.getPath(iso, "moof/traf/trun");
            assertFalse(trun.isSampleFlagsPresent() || trun.isFirstSampleFlagsPresent() || trun.isSampleDurationPresent());
        }
    }

    @Test
    void initSegmentEdgeCases() throws IOException {
        TrackFormat hiRate = new TrackFormat(1, MediaKind.AUDIO, "mp4a", "mp4a.40.2", 96000, 0, 0, 96000, 2, "english",
                new byte[] { 0x10, 0x10 });
        byte[] init = Fmp4Writer.initSegment(hiRate);
        assertArrayEquals(init, Fmp4Writer.initSegment(hiRate), "init segments are byte-stable");
        try (IsoFile iso = new IsoFile(new org.mp4parser.tools.ByteBufferByteChannel(ByteBuffer.wrap(init)))) {
            assertEquals("und", ((MediaHeaderBox) Path.getPath(iso, "moov/trak/mdia/mdhd")).getLanguage());
            assertEquals(0, ((AudioSampleEntry) Path.getPath(iso, "moov/trak/mdia/minf/stbl/stsd/mp4a")).getSampleRate());
        }
        assertEquals("fra", Fmp4Writer.language("fra"));
        TrackFormat data = new TrackFormat(1, MediaKind.DATA, "stpp", "stpp", 1000, 0, 0, 0, 0, "und", new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> Fmp4Writer.initSegment(data));
        TrackSamples empty = new TrackSamples(hiRate, List.of(), new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> Fmp4Writer.mediaSegment(1, empty));
        TrackSamples one = new TrackSamples(hiRate, List.of(new Sample(0, 0, 1024, true, 0, 1)), new byte[1]);
        assertThrows(IllegalArgumentException.class, () -> Fmp4Writer.mediaSegment(1L << 32, one));
        assertEquals("6d1d9b0542d544e680e2141daff757b2", hex(Fmp4Writer.TFXD_UUID));
        assertEquals("d4807ef2ca3946958e5426cb9e46a79f", hex(Fmp4Writer.TFRF_UUID));
    }

    // ----------------------------------------------------------------------------- helpers

    private static Boxes.Box stsdEntry(byte[] out) {
        Boxes.Box stsd = Boxes.path(out, "moov", "trak", "mdia", "minf", "stbl", "stsd");
        return Boxes.children(out, stsd.payload() + 8, stsd.end()).get(0);
    }

    private static long effectiveDuration(TrackFragmentHeaderBox tfhd, TrackRunBox trun, TrackRunBox.Entry e) {
        return trun.isSampleDurationPresent() ? e.getSampleDuration() : tfhd.getDefaultSampleDuration();
    }

    /** Sample i's flags as §8.8.8 resolves them: trun per-sample, first_sample_flags, else tfhd default. */
    private static int effectiveFlags(byte[] out, Boxes.Box moof, int i) {
        ByteBuffer b = ByteBuffer.wrap(out);
        Boxes.Box traf = Boxes.child(out, moof.payload(), moof.end(), "traf");
        Boxes.Box tfhd = Boxes.child(out, traf.payload(), traf.end(), "tfhd");
        Boxes.Box trun = Boxes.child(out, traf.payload(), traf.end(), "trun");
        int tf = b.getInt(tfhd.payload()) & 0xFFFFFF;
        int rf = b.getInt(trun.payload()) & 0xFFFFFF;
        int p = tfhd.payload() + 8 + ((tf & 1) != 0 ? 8 : 0) + ((tf & 2) != 0 ? 4 : 0) + ((tf & 8) != 0 ? 4 : 0)
                + ((tf & 0x10) != 0 ? 4 : 0);
        Integer def = (tf & 0x20) != 0 ? b.getInt(p) : null;
        int q = trun.payload() + 8 + ((rf & 1) != 0 ? 4 : 0);
        Integer first = (rf & 4) != 0 ? b.getInt(q) : null;
        q += first != null ? 4 : 0;
        if ((rf & 0x400) != 0) {
            int per = 4 * Integer.bitCount(rf & 0xF00);
            int at = q + per * i + ((rf & 0x100) != 0 ? 4 : 0) + ((rf & 0x200) != 0 ? 4 : 0);
            return b.getInt(at);
        }
        if (i == 0 && first != null) {
            return first;
        }
        assertNotNull(def, "no flags for sample " + i);
        return def;
    }

    private static byte[] payloads(TrackSamples t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : t.samples()) {
            out.write(t.data(), s.offset(), s.size());
        }
        return out.toByteArray();
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    /** ffprobe counts decoded frames of the single stream, and a full ffmpeg decode prints no error. */
    private static JsonNode probe(java.nio.file.Path file) throws Exception {
        String json = run(List.of("ffprobe", "-v", "error", "-count_frames", "-show_entries",
                "stream=codec_name,nb_read_frames,width,height,sample_rate,channels", "-of", "json", file.toString()), true);
        JsonNode streams = new ObjectMapper().readTree(json).get("streams");
        assertEquals(1, streams.size(), json);
        String errors = run(List.of("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-"), false);
        assertEquals("", errors.strip(), "ffmpeg decode errors for " + file.getFileName());
        return streams.get(0);
    }

    private static void ffmpeg(String... args) throws Exception {
        Commands.ffmpeg(dir, args);
    }

    private static String run(List<String> cmd, boolean wantStdout) throws Exception {
        return Commands.run(dir, cmd, wantStdout);
    }
}
