package dev.fount.origin.harvest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A 12 s HLS VOD tree made once per test JVM by ffmpeg, shaped like the origin's harvest
 * rendering: MPEG-TS, 2 s segments, an audio rendition group (EXT-X-MEDIA) and two video variants
 * ({@code var_stream_map}), the multivariant playlist named {@code index.m3u8}.
 */
final class HlsFixture {

    static final double DURATION_SECONDS = 12;
    static final double SEGMENT_SECONDS = 2;
    static final String MULTIVARIANT = "index.m3u8";

    private static Path tree;

    private HlsFixture() {
    }

    static synchronized Path tree() throws IOException, InterruptedException {
        if (tree == null) {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")).toAbsolutePath(), "harvest-hls-");
            Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin",
                    "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", String.valueOf((int) DURATION_SECONDS),
                    "-map", "0:v", "-map", "0:v", "-map", "1:a",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                    "-s:v:1", "160x90", "-b:v:0", "400k", "-b:v:1", "150k",
                    "-c:a", "aac", "-b:a", "64k",
                    "-f", "hls", "-hls_time", String.valueOf((int) SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                    "-hls_segment_filename", dir.resolve("seg_%v_%03d.ts").toString(),
                    "-master_pl_name", MULTIVARIANT,
                    "-var_stream_map", "a:0,agroup:aud,name:audio v:0,agroup:aud,name:hi v:1,agroup:aud,name:lo",
                    dir.resolve("media_%v.m3u8").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ffmpeg.log").toFile())
                    .start();
            if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + Files.readString(dir.resolve("ffmpeg.log")));
            }
            Files.delete(dir.resolve("ffmpeg.log"));
            tree = dir;
        }
        return tree;
    }

    /** The tree's file names (playlists and segments). */
    static Set<String> files() throws IOException, InterruptedException {
        try (Stream<Path> files = Files.list(tree())) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    static List<String> segments() throws IOException, InterruptedException {
        return files().stream().filter(n -> n.endsWith(".ts")).toList();
    }
}
