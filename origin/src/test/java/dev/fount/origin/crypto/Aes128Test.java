package dev.fount.origin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Aes128Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final String CONSTANT_IV = "0123456789abcdef0123456789ABCDEF";

    @TempDir
    Path dir;

    @Test
    void encryptionMatchesOpensslBothWays() throws Exception {
        byte[] iv = Aes128.iv(null, 12345);
        for (int length : new int[] {0, 1, 15, 16, 188 * 7, 100_003}) {
            byte[] segment = new byte[length];
            new Random(length).nextBytes(segment);
            Path plain = Files.write(dir.resolve("plain-" + length), segment);
            Path ours = Files.write(dir.resolve("ours-" + length), Aes128.encryptSegment(segment, KEY, iv));

            Path decrypted = dir.resolve("decrypted-" + length);
            run("openssl", "enc", "-d", "-aes-128-cbc", "-K", HEX.formatHex(KEY), "-iv", HEX.formatHex(iv), "-in", ours.toString(),
                    "-out", decrypted.toString());
            assertArrayEquals(segment, Files.readAllBytes(decrypted), "openssl decrypts ours, length " + length);

            Path theirs = dir.resolve("theirs-" + length);
            run("openssl", "enc", "-e", "-aes-128-cbc", "-K", HEX.formatHex(KEY), "-iv", HEX.formatHex(iv), "-in", plain.toString(),
                    "-out", theirs.toString());
            assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours), "same bytes as openssl, length " + length);
            assertEquals((length / 16 + 1) * 16, Files.size(ours), "PKCS#7 always pads, a whole block when aligned");
        }
    }

    @Test
    void ivIsTheConstantOrTheMediaSequenceNumber() {
        assertArrayEquals(HEX.parseHex(CONSTANT_IV), Aes128.iv(CONSTANT_IV, 99));
        assertArrayEquals(HEX.parseHex("00000000000000000000000000000001"), Aes128.iv(null, 1));
        assertArrayEquals(HEX.parseHex("0000000000000000000000e8d4a51000"), Aes128.iv(null, 1_000_000_000_000L));
        assertArrayEquals(HEX.parseHex("00000000000000007fffffffffffffff"), Aes128.iv(null, Long.MAX_VALUE));
        assertEquals("0x00000000000000000000000000000007", Aes128.ivAttribute(Aes128.iv(null, 7)));
        assertEquals("0x0123456789ABCDEF0123456789ABCDEF", Aes128.ivAttribute(Aes128.iv(CONSTANT_IV, 0)));

        assertThrows(IllegalArgumentException.class, () -> Aes128.iv(null, -1));
        assertThrows(IllegalArgumentException.class, () -> Aes128.iv("0123", 0));
        IllegalArgumentException notHex = assertThrows(IllegalArgumentException.class, () -> Aes128.iv("xy" + CONSTANT_IV.substring(2), 0));
        assertTrue(notHex.getMessage().contains("is not hex"), notHex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aes128.encryptSegment(new byte[1], new byte[8], new byte[16]));
    }

    @Test
    void keyPeriodIsMediaTimeOverRotation() {
        long minute = 60 * Aes128.TICKS_PER_SECOND;
        assertEquals(0, Aes128.keyPeriod(0, 60));
        assertEquals(0, Aes128.keyPeriod(minute - 1, 60));
        assertEquals(1, Aes128.keyPeriod(minute, 60));
        assertEquals(2, Aes128.keyPeriod(5 * minute, 120));
        assertEquals(KeyRequest.NO_ROTATION, Aes128.keyPeriod(5 * minute, 0));
        assertEquals(1L << 33, Aes128.keyPeriod((1L << 33) * Aes128.TICKS_PER_SECOND, 1), "no int overflow");
        assertThrows(IllegalArgumentException.class, () -> Aes128.keyPeriod(0, -1));
    }

    /**
     * ffmpeg plays what we encrypt: one segment with the IV implied by its media sequence number
     * (no IV attribute) and one with a constant IV written as the IV attribute. A wrong key file
     * must not decode.
     */
    @Test
    void ffmpegDecryptsOurSegments() throws Exception {
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "2",
                "-c:v", "mpeg2video", "-g", "25", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-start_number", "7",
                "-hls_segment_filename", dir.resolve("plain%d.ts").toString(), dir.resolve("plain.m3u8").toString());
        byte[] seven = Files.readAllBytes(dir.resolve("plain7.ts"));
        byte[] eight = Files.readAllBytes(dir.resolve("plain8.ts"));
        Files.write(dir.resolve("seg7.ts"), Aes128.encryptSegment(seven, KEY, Aes128.iv(null, 7)));
        Files.write(dir.resolve("seg8.ts"), Aes128.encryptSegment(eight, KEY, Aes128.iv(CONSTANT_IV, 8)));
        Files.write(dir.resolve("key.bin"), KEY);
        byte[] wrong = KEY.clone();
        wrong[15] ^= 1;
        Files.write(dir.resolve("wrong.bin"), wrong);
        String playlist = """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:1
                #EXT-X-MEDIA-SEQUENCE:7
                #EXT-X-KEY:METHOD=AES-128,URI="%1$s"
                #EXTINF:1.0,
                seg7.ts
                #EXT-X-KEY:METHOD=AES-128,URI="%1$s",IV=%2$s
                #EXTINF:1.0,
                seg8.ts
                #EXT-X-ENDLIST
                """;
        String iv = Aes128.ivAttribute(Aes128.iv(CONSTANT_IV, 8));
        Files.writeString(dir.resolve("good.m3u8"), playlist.formatted("key.bin", iv));
        Files.writeString(dir.resolve("wrong.m3u8"), playlist.formatted("wrong.bin", iv));

        assertEquals(50, framesOf("plain.m3u8"), "the clear stream has 2 s at 25 fps");
        assertEquals(50, framesOf("good.m3u8"), "every frame of both encrypted segments decodes");
        assertEquals(0, framesOf("wrong.m3u8"), "a wrong key decodes nothing");
    }

    /** Video frames ffprobe decodes from a playlist in {@link #dir}; 0 when it cannot open it. */
    private int framesOf(String playlist) throws Exception {
        Result result = exec("ffprobe", "-v", "error", "-allowed_extensions", "ALL", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames", "-of", "default=noprint_wrappers=1:nokey=1", dir.resolve(playlist).toString());
        if (result.exit != 0) {
            return 0;
        }
        Matcher frames = Pattern.compile("(?m)^(\\d+)$").matcher(result.out);
        assertTrue(frames.find(), "ffprobe printed no frame count: " + result.out + result.err);
        return Integer.parseInt(frames.group(1));
    }

    private record Result(int exit, String out, String err) {
    }

    private void run(String... command) throws Exception {
        Result result = exec(command);
        assertEquals(0, result.exit, String.join(" ", command) + " failed: " + result.err);
    }

    private Result exec(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over a minute");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
