package dev.fount.origin.media.ts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.TsProbe;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;

/**
 * fMP4 ingest served to HLS endpoints: {@link TsMuxer} output must demux (with the origin's own
 * probe and with ffprobe) to the samples it was given, and the key frame ranges it predicts must
 * be the ones the probe finds in its bytes.
 */
class TsMuxerTest {

    @TempDir
    Path dir;

    @Test
    void h264AacRoundTrips() throws Exception {
        roundTrip("h264_aac", "h264", "aac");
    }

    @Test
    void hevcAc3RoundTrips() throws Exception {
        roundTrip("hevc_ac3", "hevc", "ac3");
    }

    private void roundTrip(String name, String videoCodec, String audioCodec) throws Exception {
        Fmp4Init init = Fmp4Init.parse(load(name + "_init.mp4"));
        List<TrackSamples> tracks = Fmp4Samples.read(init, load(name + "_1.m4s"));
        TsMuxer.Muxed muxed = TsMuxer.mux(tracks);
        assertEquals(0, muxed.ts().length % 188);

        SegmentProbe probe = TsProbe.probe(muxed.ts());
        assertEquals(muxed.keyFrames(), probe.keyFrames(), "the key frame ranges known at ingest are the ones in the bytes");
        assertEquals(muxed.programTables(), probe.programTables());
        TrackSamples video = tracks.get(0);
        assertEquals(video.earliestPresentationTime() & (Pts.WRAP - 1), probe.startPts());
        ElementaryStream v = probe.streams().get(0);
        assertEquals(video.format().codecString().substring(4), v.codecString().substring(4), "same profile and level");
        assertEquals(video.format().width(), v.width());

        List<TrackSamples> back = TsSamples.extract(muxed.ts(), video.earliestPresentationTime());
        for (int i = 0; i < tracks.size(); i++) {
            TrackSamples in = tracks.get(i);
            TrackSamples out = back.stream().filter(t -> t.format().kind() == in.format().kind()).findFirst().orElseThrow();
            assertEquals(in.samples().size(), out.samples().size(), name + " " + in.format().kind());
            // The codec string is what the configuration says; the bytes differ where ffmpeg's records carry
            // more than MPEG-TS does (x265's SEI array in hvcC, AAC's 5-byte ASC against ADTS's 2 bytes).
            assertEquals(in.format().codecString(), out.format().codecString(), name + " " + in.format().kind());
            if (in.format().fourcc().equals("avc1")) {
                assertArrayEquals(in.format().decoderConfig(), out.format().decoderConfig(), name + " avcC");
            }
            for (int k = 0; k < in.samples().size(); k++) {
                Sample a = in.samples().get(k);
                Sample b = out.samples().get(k);
                String at = name + " " + in.format().kind() + " sample " + k;
                assertEquals(a.presentationTime(), b.presentationTime(), at);
                assertEquals(a.sync(), b.sync(), at);
                if (in.format().kind() == MediaKind.AUDIO) {
                    assertArrayEquals(Arrays.copyOfRange(in.data(), a.offset(), a.offset() + a.size()),
                            Arrays.copyOfRange(out.data(), b.offset(), b.offset() + b.size()), at);
                }
            }
        }

        // ffprobe decodes as many pictures from the MPEG-TS as from the fMP4 it came from (an open-GOP
        // HEVC segment starts with a CRA whose leading pictures no decoder shows), and ffmpeg decodes it all without complaint.
        Path file = dir.resolve(name + ".ts");
        Files.write(file, muxed.ts());
        Path source = dir.resolve(name + ".mp4");
        Files.write(source, concat(load(name + "_init.mp4"), load(name + "_1.m4s")));
        String streams = run("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", file.toString());
        String fromMp4 = run("ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", source.toString());
        List<String> lines = streams.lines().toList();
        assertTrue(lines.get(0).startsWith(videoCodec + ","), streams);
        assertEquals(fromMp4.lines().toList().get(0), lines.get(0), "decoded pictures, MPEG-TS against fMP4");
        assertTrue(lines.get(1).startsWith(audioCodec + ","), streams);
        String errors = run("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertEquals("", errors.strip(), "ffmpeg decodes without complaint");
    }

    @Test
    void adtsHeaderCarriesTheCoreConfiguration() {
        // AAC-LC 48 kHz stereo: AudioSpecificConfig 0x11 0x90.
        byte[] lc = TsMuxer.adtsTemplate(new byte[] {0x11, (byte) 0x90});
        assertEquals(1, (lc[2] & 0xFF) >> 6, "profile LC");
        assertEquals(3, (lc[2] >> 2) & 0xF, "48 kHz index");
        assertEquals(2, (lc[2] & 1) << 2 | (lc[3] & 0xFF) >> 6, "stereo");
        // HE-AAC v1 explicit: AOT 5, core 24 kHz (index 6), stereo, extension 48 kHz: ADTS says LC at 24 kHz.
        byte[] he = TsMuxer.adtsTemplate(new byte[] {0x2B, 0x11, (byte) 0x88, 0x00});
        assertEquals(1, (he[2] & 0xFF) >> 6);
        assertEquals(6, (he[2] >> 2) & 0xF);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    private static byte[] load(String name) throws IOException {
        try (InputStream in = TsMuxerTest.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        }
    }
}
