package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The copy's order as a store sees it, and a store that may not remove files (S3 PutObject-only roles). */
class HarvestTest {

    /** Records every call; refuses removals. */
    private static final class PutOnlyStore implements ClipStore {

        final List<String> calls = new ArrayList<>();

        @Override
        public void put(String name, byte[] content) {
            calls.add("put " + name);
        }

        @Override
        public boolean delete(String name) {
            calls.add("delete " + name);
            return false;
        }

        @Override
        public String locate(String name) {
            return "mem:" + name;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void removesTheOldManifestFirstThenSegmentsThenMediaPlaylistsThenTheManifest() throws Exception {
        PutOnlyStore store = new PutOnlyStore();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (FakeOrigin origin = new FakeOrigin(HlsFixture.tree())) {
            HarvestRequest request = HarvestArguments.parse(List.of(CommandRun.args(origin, "file:/unused/vod.m3u8")));

            Harvest.Summary summary = new Harvest(OriginClient.create(), store, new PrintStream(log, true, StandardCharsets.UTF_8))
                    .run(request.sourceUri(), "vod.m3u8");

            assertEquals(new Harvest.Summary(3, HlsFixture.segments().size(), summary.bytes(), "mem:vod.m3u8"), summary);
        }
        List<String> expected = new ArrayList<>();
        expected.add("delete vod.m3u8");
        // Segments in playlist order: the audio rendition (EXT-X-MEDIA comes first), then each video variant.
        HlsFixture.segments().stream().filter(s -> s.contains("audio")).forEach(s -> expected.add("put " + s));
        HlsFixture.segments().stream().filter(s -> s.contains("hi")).forEach(s -> expected.add("put " + s));
        HlsFixture.segments().stream().filter(s -> s.contains("lo")).forEach(s -> expected.add("put " + s));
        expected.addAll(List.of("put media_audio.m3u8", "put media_hi.m3u8", "put media_lo.m3u8", "put vod.m3u8"));
        assertEquals(expected, store.calls);
        assertTrue(log.toString(StandardCharsets.UTF_8).startsWith("harvest: warning: not permitted to remove mem:vod.m3u8;"),
                log.toString(StandardCharsets.UTF_8));
    }
}
