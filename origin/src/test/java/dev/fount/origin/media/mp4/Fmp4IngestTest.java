package dev.fount.origin.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.Fmp4Probe;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.ts.TsSamples;

/**
 * fMP4 ingest: what {@link Fmp4Init}, {@link Fmp4Samples} and {@link Fmp4Probe} read from the
 * segments ffmpeg's HLS muxer writes (fixtures under src/test/resources/media, see the README
 * there) must be what ffprobe reads from the same bytes, and what {@link Fmp4Writer} writes must
 * read back unchanged.
 */
class Fmp4IngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void h264AacSamplesAreWhatFfprobeReads() throws Exception {
        samplesMatchFfprobe("h264_aac");
    }

    @Test
    void hevcAc3SamplesAreWhatFfprobeReads() throws Exception {
        samplesMatchFfprobe("hevc_ac3");
    }

    /** Per track: count, 90 kHz decode and presentation times (edit list applied), key flags, sizes, payload bytes. */
    private void samplesMatchFfprobe(String name) throws Exception {
        byte[] init = load(name + "_init.mp4");
        byte[] segment = load(name + "_1.m4s");
        Path joined = dir.resolve(name + ".mp4");
        Files.write(joined, concat(init, segment));
        JsonNode probe = ffprobe(joined, "-show_entries", "stream=index,time_base:packet=stream_index,pts,dts,size,flags,pos");
        List<TrackSamples> tracks = Fmp4Samples.read(Fmp4Init.parse(init), segment);
        assertEquals(2, tracks.size());
        for (int index = 0; index < 2; index++) {
            TrackSamples t = tracks.get(index);
            int timescale = Integer.parseInt(probe.get("streams").get(index).get("time_base").asText().substring(2));
            List<JsonNode> packets = new ArrayList<>();
            for (JsonNode p : probe.get("packets")) {
                if (p.get("stream_index").asInt() == index) {
                    packets.add(p);
                }
            }
            assertEquals(packets.size(), t.samples().size(), name + " track " + index + " sample count");
            for (int i = 0; i < packets.size(); i++) {
                JsonNode p = packets.get(i);
                Sample s = t.samples().get(i);
                String at = name + " track " + index + " sample " + i;
                assertEquals(Fmp4Samples.ticks(p.get("dts").asLong(), timescale), s.decodeTime(), at + " dts");
                assertEquals(Fmp4Samples.ticks(p.get("pts").asLong(), timescale), s.presentationTime(), at + " pts");
                assertEquals(p.get("flags").asText().startsWith("K"), s.sync(), at + " key flag");
                assertEquals(p.get("size").asInt(), s.size(), at + " size");
                // ffprobe's pos is in the joined file: the payload is read in place, where ffprobe found it.
                assertEquals(p.get("pos").asLong() - init.length, s.offset(), at + " offset");
            }
        }
    }

    @Test
    void h264AacInitDescribesTheTracksAsFfprobeDoes() throws Exception {
        byte[] init = load("h264_aac_init.mp4");
        Path file = dir.resolve("init.mp4");
        Files.write(file, concat(init, load("h264_aac_1.m4s")));
        JsonNode streams = ffprobe(file, "-show_entries", "stream=width,height,level,sample_rate,channels:stream_tags=language").get("streams");
        Fmp4Init parsed = Fmp4Init.parse(init);
        var video = parsed.tracks().get(0);
        var audio = parsed.tracks().get(1);
        assertEquals(MediaKind.VIDEO, video.format().kind());
        assertEquals(streams.get(0).get("width").asInt(), video.format().width());
        assertEquals(streams.get(0).get("height").asInt(), video.format().height());
        // avc1.PPCCLL: High profile (100 = 0x64) at ffprobe's level.
        assertEquals(String.format("avc1.64%s%02x", video.format().codecString().substring(7, 9), streams.get(0).get("level").asInt()),
                video.format().codecString());
        assertEquals(4, video.nalLengthSize());
        assertEquals(90000, video.format().timescale());
        assertEquals("mp4a.40.2", audio.format().codecString());
        assertEquals(streams.get(1).get("sample_rate").asInt(), audio.format().sampleRate());
        assertEquals(streams.get(1).get("channels").asInt(), audio.format().channels());
        assertEquals(streams.get(1).get("tags").get("language").asText(), audio.format().language());
        assertEquals("und", video.format().language());
    }

    @Test
    void hevcAc3InitDescribesTheTracks() throws Exception {
        byte[] init = load("hevc_ac3_init.mp4");
        Path file = dir.resolve("init.mp4");
        Files.write(file, concat(init, load("hevc_ac3_1.m4s")));
        JsonNode streams = ffprobe(file, "-show_entries", "stream=width,height,level,profile,sample_rate,channels").get("streams");
        Fmp4Init parsed = Fmp4Init.parse(init);
        var video = parsed.tracks().get(0).format();
        var audio = parsed.tracks().get(1).format();
        assertEquals("Main", streams.get(0).get("profile").asText());
        assertTrue(video.codecString().startsWith("hvc1.1.6.L" + streams.get(0).get("level").asInt()), video.codecString());
        assertEquals(streams.get(0).get("width").asInt(), video.width());
        assertEquals("ac-3", audio.codecString());
        assertEquals(streams.get(1).get("channels").asInt(), audio.channels());
        assertEquals(streams.get(1).get("sample_rate").asInt(), audio.sampleRate());
    }

    @Test
    void probeTimesTheSegmentByItsVideo() throws Exception {
        byte[] init = load("h264_aac_init.mp4");
        byte[] segment = load("h264_aac_1.m4s");
        SegmentProbe probe = Fmp4Probe.probe(Fmp4Init.parse(init), segment);
        List<TrackSamples> tracks = Fmp4Samples.read(Fmp4Init.parse(init), segment);
        TrackSamples video = tracks.get(0);
        assertEquals(video.earliestPresentationTime(), probe.startPts());
        // 25 frames at 25 fps: one second.
        assertEquals(90_000, probe.durationTicks());
        assertEquals(video.samples().stream().filter(Sample::sync).count(), probe.keyFrames().size());
        // Sizes and key frames are those of the MPEG-TS an HLS endpoint serves.
        dev.fount.origin.media.ts.TsMuxer.Muxed ts = dev.fount.origin.media.ts.TsMuxer.mux(tracks);
        assertEquals(ts.ts().length, probe.bytes());
        assertEquals(ts.keyFrames(), probe.keyFrames());
        ElementaryStream v = probe.streams().get(0);
        assertEquals("avc1", v.codec());
        assertEquals(25.0, v.frameRate(), 0.01);
        assertEquals(video.payloadBytes(), v.payloadBytes());
        ElementaryStream a = probe.streams().get(1);
        assertEquals(MediaKind.AUDIO, a.kind());
        assertEquals("eng", a.language());
        assertEquals(tracks.get(1).samples().size(), a.accessUnits());
    }

    @Test
    void extractRebasesLikeTsSamples() throws Exception {
        byte[] init = load("h264_aac_init.mp4");
        byte[] segment = load("h264_aac_1.m4s");
        Fmp4Init parsed = Fmp4Init.parse(init);
        List<TrackSamples> absolute = Fmp4Samples.read(parsed, segment);
        List<TrackSamples> rebased = Fmp4Samples.extract(parsed, segment, 1_000_000);
        assertEquals(1_000_000, rebased.get(0).earliestPresentationTime());
        long shift = 1_000_000 - absolute.get(0).earliestPresentationTime();
        // Audio keeps its offset from video.
        assertEquals(absolute.get(1).baseDecodeTime() + shift, rebased.get(1).baseDecodeTime());
    }

    /** What the origin writes from MPEG-TS reads back as the same samples and configuration. */
    @Test
    void writerOutputReadsBackUnchanged() throws Exception {
        for (String fixture : List.of("h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts")) {
            List<TrackSamples> fromTs = TsSamples.extract(loadTs(fixture), 900_000);
            for (TrackSamples t : fromTs) {
                byte[] init = Fmp4Writer.initSegment(t.format());
                byte[] media = Fmp4Writer.mediaSegment(7, t);
                Fmp4Init parsed = Fmp4Init.parse(init);
                assertEquals(1, parsed.tracks().size());
                var track = parsed.tracks().get(0);
                assertArrayEquals(t.format().decoderConfig(), track.format().decoderConfig(), fixture + " config");
                assertEquals(t.format().codecString(), track.format().codecString(), fixture);
                assertEquals(t.format().fourcc(), track.format().fourcc(), fixture);
                TrackSamples back = Fmp4Samples.read(parsed, media).get(0);
                assertEquals(t.samples().size(), back.samples().size(), fixture);
                for (int i = 0; i < t.samples().size(); i++) {
                    Sample a = t.samples().get(i);
                    Sample b = back.samples().get(i);
                    assertEquals(a.decodeTime(), b.decodeTime(), fixture + " sample " + i);
                    assertEquals(a.compositionOffset(), b.compositionOffset(), fixture + " sample " + i);
                    assertEquals(a.duration(), b.duration(), fixture + " sample " + i);
                    assertEquals(a.sync(), b.sync(), fixture + " sample " + i);
                    assertArrayEquals(Arrays.copyOfRange(t.data(), a.offset(), a.offset() + a.size()),
                            Arrays.copyOfRange(back.data(), b.offset(), b.offset() + b.size()), fixture + " sample " + i);
                }
            }
        }
    }

    @Test
    void twoByteNalLengthsBecomeFourByte() throws Exception {
        List<TrackSamples> fromTs = TsSamples.extract(loadTs("h264_aac.ts"), 0);
        TrackSamples video = fromTs.stream().filter(t -> t.format().kind() == MediaKind.VIDEO).findFirst().orElseThrow();
        byte[] init = Fmp4Writer.initSegment(video.format());
        byte[] media = Fmp4Writer.mediaSegment(1, video);
        // Rewrite to 2-byte NAL lengths: avcC lengthSizeMinusOne = 1, every length field shortened, trun sizes and mdat adjusted.
        byte[] init2 = init.clone();
        int avcC = indexOf(init2, "avcC") + 4;
        init2[avcC + 4] = (byte) (init2[avcC + 4] & 0xFC | 1);
        byte[] media2 = shortenNalLengths(media, video);
        TrackSamples back = Fmp4Samples.read(Fmp4Init.parse(init2), media2).get(0);
        assertEquals(3, Fmp4Init.parse(init2).tracks().get(0).format().decoderConfig()[4] & 3, "the output declares 4-byte lengths");
        for (int i = 0; i < video.samples().size(); i++) {
            Sample a = video.samples().get(i);
            Sample b = back.samples().get(i);
            assertArrayEquals(Arrays.copyOfRange(video.data(), a.offset(), a.offset() + a.size()),
                    Arrays.copyOfRange(back.data(), b.offset(), b.offset() + b.size()), "sample " + i);
        }
    }

    @Test
    void ticksDoNotOverflowOnEpochTimes() {
        // 1.7e9 s at 10 MHz: the product with 90000 would overflow a long.
        long t = 1_700_000_000L * 10_000_000L + 5_000_000L;
        assertEquals(1_700_000_000L * 90_000L + 45_000L, Fmp4Samples.ticks(t, 10_000_000));
        // -1/48000 s is -1.875 ticks.
        assertEquals(-2, Fmp4Samples.ticks(-1, 48000), "rounded down, below zero too");
    }

    /** SCTE-35 in CMAF ingest: emsg boxes of scheme urn:scte:scte35:2013:bin before the moof, timed by the emsg. */
    @Test
    void scte35EventMessagesBecomeSignals() throws Exception {
        byte[] init = load("h264_aac_init.mp4");
        byte[] segment = load("h264_aac_1.m4s");
        Fmp4Init parsed = Fmp4Init.parse(init);
        long start = Fmp4Samples.read(parsed, segment).get(0).earliestPresentationTime();
        byte[] section = dev.fount.origin.media.Scte35Sections.spliceInsert(55, true, 123, 10 * 90_000L, 0, 0);
        // Version 1 at 1000 ticks/s, 2.5 s; version 0 half a second after the segment's start.
        byte[] v1 = emsg(1, "urn:scte:scte35:2013:bin", 1000, 2500, section);
        byte[] v0 = emsg(0, "urn:scte:scte35:2013:bin", 90_000, 45_000, section);
        byte[] other = emsg(1, "https://aomedia.org/emsg/ID3", 1000, 2500, new byte[] {1, 2, 3});
        var probe = Fmp4Probe.probe(parsed, concat(concat(concat(v1, other), v0), segment));
        assertEquals(2, probe.splices().size(), probe.splices().toString());
        assertEquals(225_000, probe.splices().get(0).pts(), "2.5 s at 90 kHz, not the section's splice_time");
        assertEquals(start + 45_000, probe.splices().get(1).pts());
        assertEquals(55, probe.splices().get(0).eventId());
        assertEquals(10 * 90_000L, probe.splices().get(0).durationTicks());
    }

    private static byte[] emsg(int version, String scheme, long timescale, long time, byte[] message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 0, 0, 'e', 'm', 's', 'g', (byte) version, 0, 0, 0});
        byte[] strings = (scheme + "\0" + "\0").getBytes(StandardCharsets.UTF_8);
        if (version == 1) {
            b.writeBytes(u32(timescale));
            b.writeBytes(u32(time >>> 32));
            b.writeBytes(u32(time));
            b.writeBytes(u32(0));
            b.writeBytes(u32(1));
            b.writeBytes(strings);
        } else {
            b.writeBytes(strings);
            b.writeBytes(u32(timescale));
            b.writeBytes(u32(time));
            b.writeBytes(u32(0));
            b.writeBytes(u32(1));
        }
        b.writeBytes(message);
        byte[] box = b.toByteArray();
        writeU32(box, 0, box.length);
        return box;
    }

    private static byte[] u32(long v) {
        byte[] b = new byte[4];
        writeU32(b, 0, v);
        return b;
    }

    @Test
    void faultsAreNamed() throws Exception {
        byte[] init = load("h264_aac_init.mp4");
        byte[] segment = load("h264_aac_1.m4s");
        assertTrue(Fmp4Init.isInit(init));
        assertFalse(Fmp4Init.isInit(segment));
        Fmp4Samples.check(segment);
        MalformedMediaException cut = assertThrows(MalformedMediaException.class,
                () -> Fmp4Samples.check(Arrays.copyOf(segment, segment.length - 100)));
        assertTrue(cut.getMessage().contains("'mdat'") && cut.getMessage().contains("declares"), cut.getMessage());
        MalformedMediaException notMedia = assertThrows(MalformedMediaException.class, () -> Fmp4Samples.check(init));
        assertTrue(notMedia.getMessage().contains("initialization segment"), notMedia.getMessage());
        assertThrows(MalformedMediaException.class, () -> Fmp4Samples.check("#EXTM3U\n".getBytes(StandardCharsets.UTF_8)));
        // A trun pointing past the segment's end.
        byte[] shortMdat = Arrays.copyOf(segment, segment.length - 100);
        int mdat = indexOf(shortMdat, "mdat") - 4;
        long size = readU32(shortMdat, mdat) - 100;
        writeU32(shortMdat, mdat, size);
        MalformedMediaException outside = assertThrows(MalformedMediaException.class,
                () -> Fmp4Samples.read(Fmp4Init.parse(init), shortMdat));
        assertTrue(outside.getMessage().contains("outside the"), outside.getMessage());
        // Encrypted input.
        byte[] encrypted = init.clone();
        int avc1 = indexOf(encrypted, "avc1");
        System.arraycopy("encv".getBytes(StandardCharsets.ISO_8859_1), 0, encrypted, avc1, 4);
        MalformedMediaException enc = assertThrows(MalformedMediaException.class, () -> Fmp4Init.parse(encrypted));
        assertTrue(enc.getMessage().contains("encrypted"), enc.getMessage());
        // A segment that belongs to another init: its tracks are not there.
        MalformedMediaException other = assertThrows(MalformedMediaException.class,
                () -> Fmp4Probe.probe(Fmp4Init.parse(init), renumberTracks(segment)));
        assertTrue(other.getMessage().contains("no sample"), other.getMessage());
    }

    // ---- helpers ----

    private static byte[] renumberTracks(byte[] segment) {
        byte[] b = segment.clone();
        int at = 0;
        while ((at = indexOf(b, "tfhd", at + 1)) > 0) {
            writeU32(b, at + 8, 99);
        }
        return b;
    }

    /** The video-only media segment with each 4-byte NAL length written as 2 bytes. */
    private static byte[] shortenNalLengths(byte[] media, TrackSamples video) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        for (Sample s : video.samples()) {
            int start = payload.size();
            int p = s.offset();
            int end = s.offset() + s.size();
            while (p < end) {
                int len = (int) readU32(video.data(), p);
                payload.write(len >> 8);
                payload.write(len);
                payload.write(video.data(), p + 4, len);
                p += 4 + len;
            }
            sizes.add(payload.size() - start);
        }
        int mdat = indexOf(media, "mdat") - 4;
        byte[] head = Arrays.copyOf(media, mdat + 8);
        writeU32(head, mdat, 8 + payload.size());
        int trun = indexOf(head, "trun") - 4;
        int flags = (int) readU32(head, trun + 8) & 0xFFFFFF;
        int q = trun + 16 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 4 : 0);
        int per = 4 * Integer.bitCount(flags & 0xF00);
        int sizeAt = (flags & 0x100) != 0 ? 4 : 0;
        for (int i = 0; i < sizes.size(); i++) {
            writeU32(head, q + i * per + sizeAt, sizes.get(i));
        }
        return concat(head, payload.toByteArray());
    }

    private static JsonNode ffprobe(Path file, String... show) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-of", "json"));
        command.addAll(List.of(show));
        command.add(file.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return JSON.readTree(out);
    }

    static byte[] load(String name) throws IOException {
        try (InputStream in = Fmp4IngestTest.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] loadTs(String name) throws IOException {
        return load(name);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] b, String type) {
        return indexOf(b, type, 0);
    }

    private static int indexOf(byte[] b, String type, int from) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = Math.max(from, 0); i + 4 <= b.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (b[i + k] != t[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long readU32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }

    private static void writeU32(byte[] b, int p, long v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }
}
