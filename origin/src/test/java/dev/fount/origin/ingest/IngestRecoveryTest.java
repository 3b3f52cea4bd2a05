package dev.fount.origin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ServedSegment;
import dev.fount.origin.timeline.Timelines;

/**
 * A restarted origin serves the window it had: segments ffmpeg made are ingested (MPEG-TS, and
 * fMP4 with its init segment), the origin "dies" (its objects are dropped, a journal line is cut
 * short and an upload is left half-written), a new origin starts on the same data folder, and
 * its playlists are the same, media sequence and segments alike; ingest then goes on with no
 * discontinuity.
 */
class IngestRecoveryTest {

    private static final HlsSettings HLS = new HlsSettings(2, 3600, PlaylistType.NONE, 0, AdMarkers.NONE, false, false,
            StreamSelectionSettings.ALL);
    private static final EndpointConfig ENDPOINT = new EndpointConfig("e", "ch", "index", 0, 0, List.of(), Origination.ALLOW,
            Optional.of(HLS));

    @TempDir
    Path work;

    @Test
    void mpegTsWindowSurvivesARestart() throws Exception {
        survivesARestart("mpegts", "ts");
    }

    @Test
    void fmp4WindowSurvivesARestart() throws Exception {
        survivesARestart("fmp4", "m4s");
    }

    private void survivesARestart(String type, String extension) throws Exception {
        Path encoded = work.resolve("encoded");
        Files.createDirectories(encoded);
        ffmpeg(encoded, type);
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            segments.add("r_" + i + "." + extension);
        }
        Path data = work.resolve("data");

        IngestService first = service(data, new Timelines());
        first.upload("ch", "1", "main.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=300000\nr.m3u8\n".getBytes(StandardCharsets.UTF_8));
        if (type.equals("fmp4")) {
            assertInstanceOf(IngestService.Stored201.class, first.upload("ch", "1", "r_init.mp4", Files.readAllBytes(encoded.resolve("r_init.mp4"))));
        }
        for (int i = 0; i < 6; i++) {
            assertInstanceOf(IngestService.Stored201.class, first.upload("ch", "1", segments.get(i), Files.readAllBytes(encoded.resolve(segments.get(i)))));
            first.upload("ch", "1", "r.m3u8", playlist(segments.subList(0, i + 1), type));
        }
        ChannelView before = first.timelines.view("ch");
        String playlistBefore = HlsPackager.mediaPlaylist(before, ENDPOINT, HLS, 1).orElseThrow();
        assertEquals(6, before.rendition(1).orElseThrow().segments().size());

        // The process dies: mid-way through a journal line and an upload.
        Path folder = data.resolve("ingest").resolve("ch");
        Files.writeString(folder.resolve(Journal.FILE), "{\"type\":\"segment\",\"inp", StandardOpenOption.APPEND);
        Files.write(folder.resolve("1").resolve(".upload-123.part"), new byte[1000]);

        IngestService second = service(data, new Timelines());
        ChannelView after = second.timelines.view("ch");
        assertEquals(playlistBefore, HlsPackager.mediaPlaylist(after, ENDPOINT, HLS, 1).orElseThrow(), "the same playlist after a restart");
        List<ServedSegment> a = before.rendition(1).orElseThrow().segments();
        List<ServedSegment> b = after.rendition(1).orElseThrow().segments();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).index(), b.get(i).index());
            assertEquals(a.get(i).start(), b.get(i).start());
            assertEquals(a.get(i).duration(), b.get(i).duration());
            assertEquals(a.get(i).programDateTime(), b.get(i).programDateTime());
            assertEquals(a.get(i).source().path(), b.get(i).source().path());
            assertEquals(a.get(i).source().probe(), b.get(i).source().probe());
        }
        assertFalse(Files.readString(folder.resolve(Journal.FILE)).contains("\"inp\n"), "the cut line was dropped from the journal");

        // The encoder goes on: the next segments continue the same run.
        for (int i = 6; i < 8; i++) {
            second.upload("ch", "1", segments.get(i), Files.readAllBytes(encoded.resolve(segments.get(i))));
            second.upload("ch", "1", "r.m3u8", playlist(segments.subList(2, i + 1), type));
        }
        List<ServedSegment> continued = second.timelines.view("ch").rendition(1).orElseThrow().segments();
        assertEquals(8, continued.size(), "old names listed again are not registered twice");
        assertEquals(1, continued.stream().map(ServedSegment::run).distinct().count(), "no discontinuity after the restart");
        String playlistAfter = HlsPackager.mediaPlaylist(second.timelines.view("ch"), ENDPOINT, HLS, 1).orElseThrow();
        assertFalse(playlistAfter.contains("#EXT-X-DISCONTINUITY"), playlistAfter);
        assertTrue(playlistAfter.startsWith(playlistBefore.substring(0, playlistBefore.indexOf("#EXTINF"))), "same media sequence");

        // And a second restart finds all of it: nothing appended after the restart was lost to the cut line.
        IngestService third = service(data, new Timelines());
        assertEquals(playlistAfter, HlsPackager.mediaPlaylist(third.timelines.view("ch"), ENDPOINT, HLS, 1).orElseThrow());
    }

    private static IngestService service(Path data, Timelines timelines) {
        IngestService s = new IngestService();
        s.config = () -> new ConfigSnapshot(Map.of(), Map.of(), List.of());
        s.timelines = timelines;
        s.dataDir = data;
        s.recover();
        return s;
    }

    /** A live media playlist of these segments, their durations as ffmpeg's own playlist gives them. */
    private byte[] playlist(List<String> names, String type) throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("encoded").resolve("r.m3u8"));
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n");
        if (type.equals("fmp4")) {
            p.append("#EXT-X-MAP:URI=\"r_init.mp4\"\n");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXTINF") && names.contains(lines.get(i + 1))) {
                p.append(lines.get(i)).append('\n').append(lines.get(i + 1)).append('\n');
            }
        }
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void ffmpeg(Path dir, String type) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "16",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_segment_type", type));
        if (type.equals("fmp4")) {
            command.addAll(List.of("-hls_fmp4_init_filename", "r_init.mp4"));
        }
        command.addAll(List.of("-hls_segment_filename", dir.resolve("r_%d." + (type.equals("fmp4") ? "m4s" : "ts")).toString(),
                dir.resolve("r.m3u8").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
