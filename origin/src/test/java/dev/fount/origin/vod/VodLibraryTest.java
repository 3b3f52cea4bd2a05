package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.VodConfig;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * The library outside Quarkus: an asset indexed once is served by a restarted origin from its
 * stored index (sample tables rebuilt from the recorded header reads, the source untouched until
 * media is asked for), and a bad asset fails with the reason next to a good one.
 */
class VodLibraryTest {

    @TempDir
    Path dir;

    @Test
    void anIndexOutlivesTheOriginAndTheSourceIsReadOnlyForMedia() throws Exception {
        Path media = Files.createDirectories(dir.resolve("media"));
        VodEndToEndTest.ffmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25", "-f", "lavfi", "-i", "sine", "-t", "8"),
                List.of("-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-sc_threshold", "0", "-c:a", "aac", media.resolve("a.mp4").toString()));
        Files.writeString(media.resolve("one.smil"), "<smil><body><video src=\"a.mp4\" system-bitrate=\"200000\"/></body></smil>");
        Files.writeString(media.resolve("broken.smil"), "<smil><body>", StandardCharsets.UTF_8);
        VodConfig.AssetConfig good = asset("good", media.resolve("one.smil"));
        VodConfig.AssetConfig bad = asset("bad", media.resolve("broken.smil"));
        ConfigSnapshot snapshot = new ConfigSnapshot(Map.of(), Map.of(), List.of(),
                new VodConfig(Map.of("g", new VodConfig.Group("g")), Map.of(), Map.of("good", good, "bad", bad)));
        Path data = dir.resolve("data");

        VodLibrary first = library(data, snapshot);
        ChannelView before;
        byte[] payload;
        try {
            assertEquals(VodLibrary.Status.PLAYABLE, await(first, good).status());
            VodLibrary.State failed = await(first, bad);
            assertEquals(VodLibrary.Status.FAILED, failed.status());
            assertTrue(failed.message().contains("broken.smil") && failed.message().contains("not well-formed"), failed.message());
            before = first.view(good).orElseThrow();
            payload = payload(before);
        } finally {
            first.stop();
        }

        Path moved = Files.move(media, dir.resolve("elsewhere"));
        VodLibrary second = library(data, snapshot);
        try {
            VodLibrary.State state = second.state(good).orElseThrow();
            assertEquals(VodLibrary.Status.PLAYABLE, state.status(), "served from the stored index at once: " + state);
            assertEquals(8, state.durationSeconds(), 0.1);
            ChannelView after = second.view(good).orElseThrow();
            assertEquals(starts(before), starts(after), "the same segments, with the source gone");
            assertEquals(8, starts(after).size(), "one input segment per 1 s key-frame interval");
            IOException gone = assertThrows(IOException.class, () -> payload(after));
            assertTrue(gone.getMessage().contains("a.mp4"), gone.getMessage());
            Files.move(moved, media);
            assertArrayEquals(payload, payload(after), "media is read from the source again once it is back");
        } finally {
            second.stop();
        }
    }

    static VodConfig.AssetConfig asset(String name, Path smil) {
        return new VodConfig.AssetConfig(name, "g", smil.toUri().toString(), null, null, Map.of());
    }

    static VodLibrary library(Path data, ConfigSnapshot snapshot) {
        VodLibrary library = new VodLibrary();
        library.config = () -> snapshot;
        library.dataDir = data.toString();
        library.indexers = 2;
        library.loadedAssets = 4;
        library.loadedMovies = 4;
        library.start();
        return library;
    }

    static VodLibrary.State await(VodLibrary library, VodConfig.AssetConfig asset) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        VodLibrary.State state = library.state(asset).orElseThrow();
        while (System.nanoTime() < deadline
                && (state.status() == VodLibrary.Status.QUEUED || state.status() == VodLibrary.Status.PROCESSING)) {
            Thread.sleep(50);
            state = library.state(asset).orElseThrow();
        }
        return state;
    }

    static List<Long> starts(ChannelView view) {
        return view.renditions().get(0).segments().stream().map(ServedSegment::start).toList();
    }

    /** The second segment's samples, all tracks. */
    static byte[] payload(ChannelView view) throws Exception {
        ServedSegment s = view.renditions().get(0).segments().get(1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (TrackSamples t : s.source().external().tracks(s.start())) {
            out.write(t.data());
        }
        return out.toByteArray();
    }
}
