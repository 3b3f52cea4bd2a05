package dev.fount.origin.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.TsProbe;
import dev.fount.origin.media.mp4.ProgressiveMp4.Range;
import dev.fount.origin.media.ts.TsMuxer;

/**
 * Progressive MP4 VOD against files ffmpeg makes: the index read from the moov alone must time,
 * size, place and flag every sample as ffprobe does; reads must return ffprobe's packet bytes in a
 * few ranged reads; the MPEG-TS layout predicted without payloads must be the one muxed from them.
 */
class ProgressiveMp4Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** H.264 with B-frames (so ctts and an edit list) + AAC (priming edit), moov first. */
    static Path faststart;
    /** The same encode with the moov after the mdat. */
    static Path moovAtEnd;
    /** HEVC (hvc1) with B-frames in closed GOPs (so every segment decodes whole) + AC-3. */
    static Path hevcAc3;
    /** AAC only, as an .m4a. */
    static Path audioOnly;

    @BeforeAll
    static void encode() throws Exception {
        assumeTrue(Commands.runs("ffmpeg", "-version") && Commands.runs("ffprobe", "-version"), "ffmpeg/ffprobe not installed");
        faststart = avcAac("faststart.mp4", "-movflags", "+faststart");
        moovAtEnd = avcAac("moov-at-end.mp4");
        hevcAc3 = dir.resolve("hevc-ac3.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "6", "-c:v", "libx265", "-tag:v", "hvc1", "-x265-params",
                "keyint=50:min-keyint=50:scenecut=0:open-gop=0:bframes=2:log-level=error", "-c:a", "ac3", "-ac", "2",
                "-metadata:s:a:0", "language=fra", "-movflags", "+faststart", hevcAc3.toString());
        audioOnly = dir.resolve("audio.m4a");
        ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6", "-c:a", "aac", "-b:a", "96k",
                audioOnly.toString());
    }

    private static Path avcAac(String name, String... extra) throws Exception {
        Path file = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-g", "50", "-bf", "2", "-sc_threshold", "0",
                "-c:a", "aac", "-metadata:s:a:0", "language=eng"));
        args.addAll(List.of(extra));
        args.add(file.toString());
        ffmpeg(args.toArray(String[]::new));
        return file;
    }

    // ---- the index ----

    @Test
    void indexIsWhatFfprobeReads() throws Exception {
        for (Path file : List.of(faststart, moovAtEnd, hevcAc3, audioOnly)) {
            indexMatchesFfprobe(file);
        }
    }

    /** Per track and sample: 90 kHz dts, pts and duration, size, file position, key flag, and the bytes read (CRC-32). */
    private static void indexMatchesFfprobe(Path file) throws Exception {
        JsonNode probe = ffprobe(file, "-show_data_hash", "CRC32", "-show_entries",
                "stream=index,time_base,width,height,sample_rate,channels:stream_tags=language"
                        + ":packet=stream_index,pts,dts,duration,size,pos,flags,data_hash");
        try (FileByteSource src = new FileByteSource(file)) {
            ProgressiveMp4 mp4 = ProgressiveMp4.open(src);
            JsonNode streams = probe.get("streams");
            assertEquals(streams.size(), mp4.tracks().size(), file + " tracks");
            for (int k = 0; k < streams.size(); k++) {
                JsonNode stream = streams.get(k);
                Mp4Track t = mp4.tracks().get(k);
                String name = file.getFileName() + " track " + k;
                assertEquals(k + 1, t.format().pid(), name + " pid is the track_ID");
                assertEquals(90_000, t.format().timescale(), name);
                if (t.format().kind() == MediaKind.VIDEO) {
                    assertEquals(stream.get("width").asInt(), t.format().width(), name);
                    assertEquals(stream.get("height").asInt(), t.format().height(), name);
                    assertEquals(25.0, t.frameRate(), 0.001, name);
                } else {
                    assertEquals(stream.get("sample_rate").asInt(), t.format().sampleRate(), name);
                    assertEquals(stream.get("channels").asInt(), t.format().channels(), name);
                    assertEquals(stream.get("tags").get("language").asText(), t.format().language(), name);
                    assertNull(t.frameRate(), name);
                }
                int timescale = Integer.parseInt(stream.get("time_base").asText().substring(2));
                List<JsonNode> packets = new ArrayList<>();
                for (JsonNode p : probe.get("packets")) {
                    if (p.get("stream_index").asInt() == k) {
                        packets.add(p);
                    }
                }
                assertEquals(packets.size(), t.sampleCount(), name + " samples");
                TrackSamples read = mp4.read(k, 0, t.sampleCount(), src);
                for (int i = 0; i < packets.size(); i++) {
                    JsonNode p = packets.get(i);
                    String at = name + " sample " + i;
                    long dts = p.get("dts").asLong();
                    assertEquals(Fmp4Samples.ticks(dts, timescale), t.decodeTime(i), at + " dts");
                    assertEquals(Fmp4Samples.ticks(p.get("pts").asLong(), timescale), t.presentationTime(i), at + " pts");
                    assertEquals(Fmp4Samples.ticks(dts + p.get("duration").asLong(), timescale) - Fmp4Samples.ticks(dts, timescale),
                            t.duration(i), at + " duration");
                    assertEquals(p.get("size").asInt(), t.size(i), at + " size");
                    assertEquals(p.get("pos").asLong(), t.offset(i), at + " offset");
                    assertEquals(p.get("flags").asText().startsWith("K"), t.sync(i), at + " key flag");
                    Sample s = read.samples().get(i);
                    assertEquals(new Sample(t.decodeTime(i), (int) (t.presentationTime(i) - t.decodeTime(i)), t.duration(i), t.sync(i),
                            s.offset(), t.size(i)), s, at + " as read");
                    CRC32 crc = new CRC32();
                    crc.update(read.data(), s.offset(), s.size());
                    assertEquals(p.get("data_hash").asText(), String.format("CRC32:%08x", crc.getValue()), at + " bytes");
                }
            }
        }
    }

    @Test
    void theMoovPlaceChangesOnlyOffsets() throws Exception {
        try (FileByteSource a = new FileByteSource(faststart); FileByteSource b = new FileByteSource(moovAtEnd)) {
            ProgressiveMp4 first = ProgressiveMp4.open(a);
            ProgressiveMp4 last = ProgressiveMp4.open(b);
            assertEquals(first.movieDurationTicks(), last.movieDurationTicks());
            // 150 frames of 25 fps; the audio (48 kHz AAC, its priming frame cut by the edit list) ends within a frame of them.
            assertEquals(540_000, first.movieDurationTicks(), 1920);
            for (int k = 0; k < 2; k++) {
                Mp4Track x = first.tracks().get(k);
                Mp4Track y = last.tracks().get(k);
                assertEquals(x.format(), y.format());
                for (int i = 0; i < x.sampleCount(); i++) {
                    assertEquals(x.presentationTime(i), y.presentationTime(i));
                    assertEquals(x.size(i), y.size(i));
                }
            }
        }
    }

    /** A 64-bit box size (the 'free' + 'mdat' headers merged into one 16-byte 'mdat' header) and a size 0 moov (to the end). */
    @Test
    void everyFormOfBoxSizeIsWalked() throws Exception {
        byte[] b = Files.readAllBytes(moovAtEnd);
        int ftyp = ByteBuffer.wrap(b).getInt();
        assertEquals("free", new String(b, ftyp + 4, 4, StandardCharsets.ISO_8859_1));
        int mdat = ftyp + 8;
        long mdatSize = ByteBuffer.wrap(b).getInt(mdat) & 0xFFFFFFFFL;
        int moov = (int) (mdat + mdatSize);
        ByteBuffer.wrap(b).putInt(ftyp, 1).put(ftyp + 4, "mdat".getBytes(StandardCharsets.ISO_8859_1)).putLong(ftyp + 8, mdatSize + 8);
        ByteBuffer.wrap(b).putInt(moov, 0);
        Path file = write("large-sizes.mp4", b);
        try (FileByteSource a = new FileByteSource(moovAtEnd); FileByteSource c = new FileByteSource(file)) {
            Mp4Track expected = ProgressiveMp4.open(a).tracks().get(0);
            ProgressiveMp4 mp4 = ProgressiveMp4.open(c);
            assertEquals(List.of(new ByteRange(0, 16), new ByteRange(ftyp, 16), new ByteRange(moov, 16),
                    new ByteRange(moov, b.length - moov)), c.reads());
            Mp4Track video = mp4.tracks().get(0);
            assertEquals(expected.sampleCount(), video.sampleCount());
            assertEquals(expected.offset(77), video.offset(77));
        }
    }

    /**
     * A file whose avcC declares 2-byte NAL unit lengths: each video sample rewritten in place with
     * 2-byte lengths, the bytes this frees filled with a filler NAL unit, so nothing else moves.
     * What read() returns has every length widened to 4 bytes.
     */
    @Test
    void twoByteNalLengthsAreWidened() throws Exception {
        byte[] b = Files.readAllBytes(faststart);
        int avcC = indexOf(b, "avcC") + 4;
        b[avcC + 4] = (byte) (b[avcC + 4] & 0xFC | 1);
        List<byte[]> expected = new ArrayList<>();
        Mp4Track video;
        try (FileByteSource src = new FileByteSource(faststart)) {
            video = ProgressiveMp4.open(src).tracks().get(0);
        }
        for (int i = 0; i < video.sampleCount(); i++) {
            ByteBuffer in = ByteBuffer.wrap(b, (int) video.offset(i), video.size(i)).slice();
            ByteBuffer out = in.duplicate();
            ByteBuffer widened = ByteBuffer.allocate(2 * video.size(i) + 8);
            byte[][] units = new byte[video.size(i)][];
            int k = 0;
            while (in.hasRemaining()) {
                units[k] = new byte[in.getInt()];
                in.get(units[k++]);
            }
            for (int u = 0; u < k; u++) {
                out.putShort((short) units[u].length).put(units[u]);
                widened.putInt(units[u].length).put(units[u]);
            }
            byte[] filler = new byte[out.remaining() - 2];
            Arrays.fill(filler, (byte) 0xFF);
            if (filler.length > 0) {
                filler[0] = 0x0C; // filler data NAL unit
                filler[filler.length - 1] = (byte) 0x80;
            }
            out.putShort((short) filler.length).put(filler);
            widened.putInt(filler.length).put(filler);
            expected.add(Arrays.copyOf(widened.array(), widened.position()));
        }
        Path file = write("two-byte-lengths.mp4", b);
        try (FileByteSource src = new FileByteSource(file)) {
            ProgressiveMp4 mp4 = ProgressiveMp4.open(src);
            assertEquals(3, mp4.tracks().get(0).format().decoderConfig()[4] & 3, "the track declares 4-byte lengths");
            TrackSamples read = mp4.read(0, 0, video.sampleCount(), src);
            for (int i = 0; i < video.sampleCount(); i++) {
                Sample s = read.samples().get(i);
                assertArrayEquals(expected.get(i), Arrays.copyOfRange(read.data(), s.offset(), s.offset() + s.size()), "sample " + i);
                assertEquals(video.decodeTime(i), s.decodeTime());
            }
        }
    }

    @Test
    void lookupsFindKeyFramesAndTimes() throws Exception {
        try (FileByteSource src = new FileByteSource(faststart)) {
            Mp4Track video = ProgressiveMp4.open(src).tracks().get(0);
            assertEquals(0, video.nextSync(0));
            assertEquals(50, video.nextSync(1));
            assertEquals(100, video.nextSync(100));
            assertEquals(video.sampleCount(), video.nextSync(101));
            // The first frames decode before 0 (B-frame delay): decode time 2 s is frame 52.
            assertEquals(-7200, video.decodeTime(0));
            assertEquals(52, video.firstAtOrAfter(180_000));
            assertEquals(0, video.firstAtOrAfter(Long.MIN_VALUE));
            assertEquals(video.sampleCount(), video.firstAtOrAfter(Long.MAX_VALUE));
        }
    }

    // ---- cost in reads ----

    @Test
    void openReadsOnlyBoxHeadersAndTheMoov() throws Exception {
        for (Path file : List.of(faststart, moovAtEnd)) {
            byte[] bytes = Files.readAllBytes(file);
            List<ByteRange> expected = new ArrayList<>();
            for (long p = 0; ; ) {
                long size = ByteBuffer.wrap(bytes, (int) p, 4).getInt() & 0xFFFFFFFFL;
                String type = new String(bytes, (int) p + 4, 4, StandardCharsets.ISO_8859_1);
                expected.add(new ByteRange(p, Math.min(16, bytes.length - p)));
                if (type.equals("moov")) {
                    expected.add(new ByteRange(p, size));
                    break;
                }
                p += size;
            }
            try (FileByteSource src = new FileByteSource(file)) {
                ProgressiveMp4.open(src);
                assertEquals(expected, src.reads(), file.getFileName() + ": one header read per box up to the moov, then the moov");
            }
        }
    }

    @Test
    void aSegmentIsReadInOneRequest() throws Exception {
        try (FileByteSource src = new FileByteSource(faststart)) {
            ProgressiveMp4 mp4 = ProgressiveMp4.open(src);
            List<Range> segment = segment(mp4, 1);
            src.reset();
            List<TrackSamples> both = mp4.read(segment, src);
            assertEquals(50, both.get(0).samples().size());
            // Audio and video of the same two seconds are interleaved in one stretch of the mdat.
            assertEquals(1, src.reads().size(), src.reads().toString());
            long payload = both.stream().mapToLong(TrackSamples::payloadBytes).sum();
            assertEquals(payload, src.bytesRead(), "nothing but the two tracks' samples");
            src.reset();
            // The video alone: the audio between its chunks is read through rather than split into 100 requests.
            TrackSamples video = mp4.read(0, segment.get(0).from(), segment.get(0).to(), src);
            assertEquals(1, src.reads().size(), src.reads().toString());
            assertArrayEquals(both.get(0).data(), video.data());
            assertEquals(both.get(0).samples(), video.samples());
        }
    }

    // ---- segments ----

    @Test
    void probePredictsTheMuxedSegment() throws Exception {
        for (Path file : List.of(faststart, moovAtEnd, hevcAc3, audioOnly)) {
            try (FileByteSource src = new FileByteSource(file)) {
                ProgressiveMp4 mp4 = ProgressiveMp4.open(src);
                for (int n = 0; n < 3; n++) {
                    String at = file.getFileName() + " segment " + n;
                    List<Range> ranges = segment(mp4, n);
                    src.reset();
                    SegmentProbe predicted = mp4.probe(ranges);
                    assertEquals(List.of(), src.reads(), at + ": nothing read to probe");
                    TsMuxer.Muxed muxed = TsMuxer.mux(mp4.read(ranges, src));
                    assertEquals(muxed.ts().length, predicted.bytes(), at + " bytes");
                    assertEquals(muxed.keyFrames(), predicted.keyFrames(), at + " key frames");
                    assertEquals(muxed.programTables(), predicted.programTables(), at + " program tables");
                    // What TsProbe finds in the muxed segment: the same start and streams.
                    SegmentProbe found = TsProbe.probe(muxed.ts());
                    assertEquals(found.startPts(), predicted.startPts(), at + " start");
                    assertEquals(found.keyFrames(), predicted.keyFrames(), at + " key frames found");
                    assertEquals(found.streams().size(), predicted.streams().size(), at);
                    for (int k = 0; k < found.streams().size(); k++) {
                        ElementaryStream f = found.streams().get(k);
                        ElementaryStream p = predicted.streams().get(k);
                        assertEquals(f.codec(), p.codec(), at + " stream " + k);
                        assertEquals(f.codecString(), p.codecString(), at + " stream " + k);
                        assertEquals(f.firstPts(), p.firstPts(), at + " stream " + k + " first pts");
                        assertEquals(f.language(), p.language(), at + " stream " + k);
                        if (p.kind() == MediaKind.VIDEO) {
                            assertEquals(f.accessUnits(), p.accessUnits(), at + " stream " + k + " access units");
                            assertEquals(f.width(), p.width(), at);
                        }
                    }
                    if (mp4.tracks().get(0).format().kind() == MediaKind.VIDEO) {
                        assertEquals(180_000, predicted.durationTicks(), at + " duration");
                    } else {
                        // Audio frames do not fall on the 2 s boundaries (and the first segment has the priming frame).
                        assertEquals(180_000, predicted.durationTicks(), 2 * 2090, at + " duration");
                    }
                }
            }
        }
    }

    @Test
    void aMuxedSegmentDecodes() throws Exception {
        for (Path file : List.of(faststart, hevcAc3)) {
            try (FileByteSource src = new FileByteSource(file)) {
                ProgressiveMp4 mp4 = ProgressiveMp4.open(src);
                Path ts = dir.resolve(file.getFileName() + ".ts");
                Files.write(ts, TsMuxer.mux(mp4.read(segment(mp4, 1), src)).ts());
                JsonNode streams = ffprobe(ts, "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames").get("streams");
                assertEquals(2, streams.size());
                assertEquals(50, streams.get(0).get("nb_read_frames").asInt(), file.getFileName() + " frames decoded");
                String errors = run(List.of("ffmpeg", "-v", "error", "-i", ts.toString(), "-f", "null", "-"), false);
                assertEquals("", errors.strip(), "ffmpeg decode errors for " + file.getFileName());
            }
        }
    }

    /**
     * Segment {@code n} of two seconds: with video, from its n-th key frame to the next, and the
     * audio frames that start from the segment's first to its last decode time; audio only, the
     * frames that start in [2n s, 2n + 2 s).
     */
    private static List<Range> segment(ProgressiveMp4 mp4, int n) {
        Mp4Track main = mp4.tracks().get(0);
        int from;
        int to;
        if (main.format().kind() == MediaKind.VIDEO) {
            from = main.nextSync(0);
            for (int i = 0; i < n; i++) {
                from = main.nextSync(from + 1);
            }
            to = main.nextSync(from + 1);
        } else {
            from = n == 0 ? 0 : main.firstAtOrAfter(n * 180_000L);
            to = main.firstAtOrAfter((n + 1) * 180_000L);
        }
        long start = from == 0 ? Long.MIN_VALUE : main.decodeTime(from);
        long end = to == main.sampleCount() ? Long.MAX_VALUE : main.decodeTime(to);
        List<Range> ranges = new ArrayList<>();
        ranges.add(new Range(from, to));
        for (Mp4Track t : mp4.tracks().subList(1, mp4.tracks().size())) {
            ranges.add(new Range(t.firstAtOrAfter(start), t.firstAtOrAfter(end)));
        }
        return ranges;
    }

    // ---- faults ----

    @Test
    void faultsAreNamed() throws Exception {
        Path mpeg4 = dir.resolve("mpeg4.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "1", "-map", "1:a", "-map", "0:v", "-c:v", "mpeg4", "-c:a", "aac", mpeg4.toString());
        String message = fault(mpeg4);
        assertTrue(message.startsWith("track 2 is 'mp4v' (MPEG-4 Part 2), which this origin does not package; supported: avc1, avc3, "
                + "hvc1, hev1, mp4a, ac-3, ec-3"), message);

        Path fragmented = dir.resolve("fragmented.mp4");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2", "-c:v", "libx264", "-movflags",
                "frag_keyframe+empty_moov", fragmented.toString());
        message = fault(fragmented);
        assertTrue(message.contains("fragmented MP4") && message.contains("HLS source"), message);

        byte[] end = Files.readAllBytes(moovAtEnd);
        message = fault(write("cut-before-moov.mp4", Arrays.copyOf(end, end.length / 2)));
        assertTrue(message.contains("truncated") && message.contains("'mdat'") && message.contains("before any 'moov'"), message);
        message = fault(write("cut-in-moov.mp4", Arrays.copyOf(end, end.length - 100)));
        assertTrue(message.contains("truncated") && message.contains("'moov'"), message);
        byte[] start = Files.readAllBytes(faststart);
        message = fault(write("cut-in-mdat.mp4", Arrays.copyOf(start, start.length - 1000)));
        assertTrue(message.contains("truncated") && message.contains("samples of track"), message);

        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        message = fault(write("noise.mp4", noise));
        assertTrue(message.startsWith("not an MP4"), message);
        message = fault(write("text.mp4", "#EXTM3U\n#EXT-X-VERSION:3\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(message.startsWith("not an MP4"), message);
        message = fault(write("empty.mp4", new byte[0]));
        assertTrue(message.startsWith("not an MP4"), message);
        // ftyp then nothing: an MP4 whose writer never got to its index.
        message = fault(write("ftyp-only.mp4", Arrays.copyOf(start, ByteBuffer.wrap(start).getInt())));
        assertTrue(message.startsWith("no 'moov' box"), message);
    }

    private static String fault(Path file) throws IOException {
        try (FileByteSource src = new FileByteSource(file)) {
            return assertThrows(MalformedMediaException.class, () -> ProgressiveMp4.open(src)).getMessage();
        }
    }

    // ---- helpers ----

    private static int indexOf(byte[] b, String type) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == t[0] && b[i + 1] == t[1] && b[i + 2] == t[2] && b[i + 3] == t[3]) {
                return i;
            }
        }
        throw new IllegalArgumentException("no '" + type + "'");
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static JsonNode ffprobe(Path file, String... show) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        command.addAll(List.of(show));
        command.add(file.toString());
        return JSON.readTree(run(command, true));
    }

    private static void ffmpeg(String... args) throws Exception {
        Commands.ffmpeg(dir, args);
    }

    private static String run(List<String> cmd, boolean wantStdout) throws Exception {
        return Commands.run(dir, cmd, wantStdout);
    }
}
