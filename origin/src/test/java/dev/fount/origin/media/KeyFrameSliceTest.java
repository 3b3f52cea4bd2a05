package dev.fount.origin.media;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What an I-frame playlist serves: the program tables (EXT-X-MAP) followed by one key frame's
 * byte range must be a transport stream a real decoder reads as exactly one video frame. Needs
 * ffprobe on the PATH.
 */
class KeyFrameSliceTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"h264_aac.ts, avc", "h264_ac3.ts, avc", "hevc_aac.ts, hevc", "h264_pts_wrap.ts, avc"})
    void eachKeyFrameRangeDecodesAsOneFrame(String fixture, String syntax) throws Exception {
        byte[] ts = Fixtures.load(fixture);
        SegmentProbe probe = TsProbe.probe(ts);
        int videoPid = probe.streams().get(0).pid();
        ByteRange tables = probe.programTables();
        assertEquals(2, probe.keyFrames().size(), "two seconds at one key frame per second");

        for (KeyFrame key : probe.keyFrames()) {
            ByteRange range = key.range();
            int start = (int) range.offset();
            int end = (int) range.end();
            assertEquals(videoPid, Fixtures.pid(ts, start));
            assertTrue((ts[start + 1] & 0x40) != 0, "the range starts a PES");
            assertTrue(end == ts.length || (Fixtures.pid(ts, end) == videoPid && (ts[end + 1] & 0x40) != 0),
                    "the range ends where the next video PES starts");
            byte[] pes = videoPayload(ts, start, end, videoPid);
            assertTrue(holdsRandomAccessNalUnit(pes, syntax), "the key frame's PES holds an IDR/IRAP NAL unit");

            ByteArrayOutputStream slice = new ByteArrayOutputStream();
            slice.write(ts, (int) tables.offset(), (int) tables.length());
            slice.write(ts, start, (int) range.length());
            Path file = dir.resolve(fixture + "-" + start + ".ts");
            Files.write(file, slice.toByteArray());
            assertEquals("1", ffprobeVideoFrames(file), "frames ffprobe decodes from " + file.getFileName());
        }
    }

    /** The payload bytes of {@code pid}'s packets in {@code [from, to)}. */
    private static byte[] videoPayload(byte[] ts, int from, int to, int pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p = from; p < to; p += 188) {
            if (Fixtures.pid(ts, p) != pid || (ts[p + 3] & 0x10) == 0) {
                continue;
            }
            int start = p + 4 + ((ts[p + 3] & 0x20) != 0 ? 1 + (ts[p + 4] & 0xFF) : 0);
            out.write(ts, start, p + 188 - start);
        }
        return out.toByteArray();
    }

    /** A plain scan for start codes followed by an IDR (H.264 type 5) or IRAP (HEVC 16–21) NAL header. */
    private static boolean holdsRandomAccessNalUnit(byte[] pes, String syntax) {
        for (int i = 0; i + 3 < pes.length; i++) {
            if (pes[i] == 0 && pes[i + 1] == 0 && pes[i + 2] == 1) {
                int header = pes[i + 3] & 0xFF;
                if (syntax.equals("avc") ? (header & 0x1F) == 5 : ((header >> 1) & 0x3F) >= 16 && ((header >> 1) & 0x3F) <= 21) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String ffprobeVideoFrames(Path file) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail("this test needs ffprobe (FFmpeg) on the PATH to decode the slices: " + e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ffprobe did not finish");
        assertEquals(0, process.exitValue(), "ffprobe failed: " + output);
        // csv=p=0 prints the program's stream entry and the stream entry: both say the same.
        String[] counts = Arrays.stream(output.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).distinct()
                .toArray(String[]::new);
        assertFalse(counts.length == 0, "ffprobe printed nothing");
        assertEquals(1, counts.length, "ffprobe printed " + output);
        return counts[0];
    }
}
