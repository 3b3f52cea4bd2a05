package dev.fount.origin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.timeline.Timelines;

/**
 * Bad fMP4 uploads are refused with the fault named and store nothing, and what was ingested
 * before stays served: a cut media segment, an encrypted init segment, a segment whose tracks
 * its init segment does not have (that one is only known when its playlist maps it: it is left
 * out of the timeline).
 */
class Fmp4UploadRefusalTest {

    @TempDir
    Path data;

    @Test
    void badUploadsAreRefusedAndLoseNothing() throws Exception {
        IngestService s = new IngestService();
        s.config = () -> new ConfigSnapshot(Map.of(), Map.of(), List.of());
        s.timelines = new Timelines();
        s.dataDir = data;
        s.recover();
        byte[] init = load("h264_aac_init.mp4");
        byte[] segment = load("h264_aac_1.m4s");
        assertInstanceOf(IngestService.Stored201.class, s.upload("ch", "1", "init.mp4", init));
        assertInstanceOf(IngestService.Stored201.class, s.upload("ch", "1", "s1.m4s", segment));
        s.upload("ch", "1", "r.m3u8", playlist("s1.m4s"));
        assertEquals(1, s.timelines.view("ch").renditions().get(0).segments().size());
        long files = count();

        IngestService.Result cut = s.upload("ch", "1", "s2.m4s", Arrays.copyOf(segment, segment.length - 500));
        assertInstanceOf(IngestService.Refused400.class, cut);
        assertTrue(((IngestService.Refused400) cut).reason().startsWith("s2.m4s: box 'mdat'"), cut.toString());

        byte[] encrypted = init.clone();
        int at = indexOf(encrypted, "avc1");
        System.arraycopy("encv".getBytes(StandardCharsets.ISO_8859_1), 0, encrypted, at, 4);
        IngestService.Result enc = s.upload("ch", "1", "init.mp4", encrypted);
        assertInstanceOf(IngestService.Refused400.class, enc);
        assertTrue(((IngestService.Refused400) enc).reason().contains("encrypted"), enc.toString());
        assertEquals(files, count(), "nothing stored for refused uploads");

        // A segment of other tracks passes the upload check but cannot join the timeline.
        byte[] alien = segment.clone();
        for (int i = indexOf(alien, "tfhd"); i > 0; i = indexOf(alien, "tfhd", i + 1)) {
            alien[i + 11] = 99;
        }
        assertInstanceOf(IngestService.Stored201.class, s.upload("ch", "1", "s3.m4s", alien));
        s.upload("ch", "1", "r.m3u8", playlist("s1.m4s", "s3.m4s"));
        assertEquals(1, s.timelines.view("ch").renditions().get(0).segments().size(), "served as before");
    }

    private long count() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> p.getFileName().toString().contains("~")).count();
        }
    }

    private static byte[] playlist(String... names) {
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-MAP:URI=\"init.mp4\"\n");
        for (String n : names) {
            p.append("#EXTINF:1.0,\n").append(n).append('\n');
        }
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] load(String name) throws IOException {
        try (InputStream in = Fmp4UploadRefusalTest.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        }
    }

    private static int indexOf(byte[] b, String type) {
        return indexOf(b, type, 0);
    }

    private static int indexOf(byte[] b, String type, int from) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i + 4 <= b.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (b[i + k] != t[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
