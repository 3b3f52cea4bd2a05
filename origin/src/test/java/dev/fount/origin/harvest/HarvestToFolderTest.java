package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A harvest into a local folder ({@code file:} destination) from a fake origin serving an ffmpeg-made VOD tree. */
class HarvestToFolderTest {

    @TempDir
    Path temp;

    private Path tree;
    private FakeOrigin origin;

    @BeforeEach
    void start() throws Exception {
        tree = HlsFixture.tree();
        origin = new FakeOrigin(tree);
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    @Test
    void copiesTheWholeClipWithPlainNames() throws Exception {
        Path manifest = temp.resolve("clips/game/clip.m3u8");

        CommandRun run = CommandRun.of(Map.of(), CommandRun.args(origin, "file:" + manifest));

        assertEquals(HarvestCommand.OK, run.exit(), run.err());
        assertEquals("", run.err());
        List<String> segments = HlsFixture.segments();
        assertTrue(run.out().contains(": 3 media playlists, " + segments.size() + " segments"), run.out());

        Set<String> expected = new TreeSet<>(HlsFixture.files());
        expected.remove(HlsFixture.MULTIVARIANT);
        expected.add("clip.m3u8");
        assertEquals(expected, files(manifest.getParent()), "every playlist and segment, nothing else (no temp files)");
        for (String segment : segments) {
            assertArrayEquals(Files.readAllBytes(tree.resolve(segment)), Files.readAllBytes(manifest.resolveSibling(segment)), segment);
        }
        // Query strings gone: each playlist is the source's own, and the I-frame variant is dropped.
        for (String playlist : List.of("media_audio.m3u8", "media_hi.m3u8", "media_lo.m3u8")) {
            assertEquals(lines(tree.resolve(playlist)), lines(manifest.resolveSibling(playlist)), playlist);
        }
        assertEquals(lines(tree.resolve(HlsFixture.MULTIVARIANT)), lines(manifest));
        assertEquals(0, origin.requestsFor(FakeOrigin.IFRAME_PLAYLIST), "I-frame playlists are not fetched");
        // The audio playlist is both an EXT-X-MEDIA and a variant: fetched once.
        assertEquals(1, origin.requestsFor("media_audio.m3u8"));

        ClipProbe probe = ClipProbe.of(manifest);
        assertEquals(HlsFixture.DURATION_SECONDS, probe.durationSeconds(), HlsFixture.SEGMENT_SECONDS, "duration within one segment");
        assertEquals(Set.of("aac", "h264"), probe.codecs());
    }

    @Test
    void aRangeOutsideTheWindowFailsWithTheOriginsWordsAndWritesNothing() {
        Path manifest = temp.resolve("clips/index.m3u8");
        String[] args = CommandRun.args(origin, "file:" + manifest);
        args[java.util.Arrays.asList(args).indexOf("--start") + 1] = "2026-01-01T09:00:00Z";

        CommandRun run = CommandRun.of(Map.of(), args);

        assertEquals(HarvestCommand.FAILED, run.exit());
        assertEquals(List.of("harvest failed: range 2026-01-01T09:00:00Z/2026-01-01T10:00:12Z is outside the startover window:"
                + " available from 2026-01-01T10:00:00Z to 2026-01-01T10:00:12Z"), run.errLines());
        assertFalse(Files.exists(temp.resolve("clips")), "nothing written, not even the folder");
        assertEquals(1, origin.requests().size(), "only the multivariant playlist was asked for");
    }

    @Test
    void anUnknownEndpointFailsWithTheOriginsWords() {
        Path manifest = temp.resolve("clips/index.m3u8");
        String[] args = CommandRun.args(origin, "file:" + manifest);
        args[java.util.Arrays.asList(args).indexOf("--endpoint") + 1] = "dash9";

        CommandRun run = CommandRun.of(Map.of(), args);

        assertEquals(HarvestCommand.FAILED, run.exit());
        assertEquals(List.of("harvest failed: unknown endpoint live1/dash9"), run.errLines());
        assertFalse(Files.exists(temp.resolve("clips")));
    }

    @Test
    void aSegmentThatKeepsFailingLeavesNoMultivariantPlaylistNotEvenAnOldOne() throws Exception {
        Path manifest = temp.resolve("clips/index.m3u8");
        Files.createDirectories(manifest.getParent());
        Files.writeString(manifest, "#EXTM3U\n# an earlier harvest's playlist\n");
        String failing = HlsFixture.segments().get(HlsFixture.segments().size() - 2);
        origin.failAlways(failing);

        CommandRun run = CommandRun.of(Map.of(), CommandRun.args(origin, "file:" + manifest));

        assertEquals(HarvestCommand.FAILED, run.exit());
        List<String> err = run.errLines();
        assertEquals(1, err.size(), run.err());
        assertTrue(err.get(0).startsWith("harvest failed: segment " + failing + " of media_"), err.get(0));
        assertTrue(err.get(0).endsWith(": the origin answered HTTP 500: injected failure for " + failing), err.get(0));
        assertEquals(2, origin.requestsFor(failing), "one retry after a 5xx");
        assertFalse(Files.exists(manifest), "no multivariant playlist: the half clip must not look complete");
        Set<String> written = files(manifest.getParent());
        assertTrue(written.stream().noneMatch(n -> n.endsWith(".m3u8")), "no playlists before all segments: " + written);
        assertTrue(written.stream().noneMatch(n -> n.endsWith(".part")), "no temp files left: " + written);
    }

    @Test
    void aSegmentThatFailsOnceIsRetried() throws Exception {
        Path manifest = temp.resolve("clips/index.m3u8");
        String flaky = HlsFixture.segments().get(0);
        origin.failOnce(flaky);

        CommandRun run = CommandRun.of(Map.of(), CommandRun.args(origin, "file:" + manifest));

        assertEquals(HarvestCommand.OK, run.exit(), run.err());
        assertEquals(2, origin.requestsFor(flaky));
        assertArrayEquals(Files.readAllBytes(tree.resolve(flaky)), Files.readAllBytes(manifest.resolveSibling(flaky)));
        assertTrue(Files.exists(manifest));
    }

    private static Set<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A playlist's non-blank lines (ffmpeg leaves blank lines between variants). */
    private static List<String> lines(Path playlist) throws IOException {
        return Files.readAllLines(playlist).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
