package dev.fount.origin.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.mp4.FileByteSource;
import dev.fount.origin.media.mp4.Mp4Track;
import dev.fount.origin.media.mp4.ProgressiveMp4;
import dev.fount.origin.media.mp4.ProgressiveMp4.Range;
import dev.fount.origin.media.ts.TsMuxer;

/**
 * What indexing a two-hour progressive MP4 costs (a plain {@code main}, not JMH: the figures that
 * matter are one-off costs and a heap size, not a steady-state throughput): {@code open} time,
 * reads and bytes read from the source, and the heap the index keeps; then what describing every
 * 2 s segment without reading it ({@code probe}) and serving one ({@code read} + mux) cost.
 * <p>
 * The movie (128x72 H.264 with B-frames at 25 fps + 48 kHz AAC, 7200 s, moov first) is made
 * once by ffmpeg and kept as {@code origin/target/bench/vod-2h.mp4}; a path given as the first
 * argument is used instead.
 */
public final class VodIndexBenchmark {

    private static final int OPENS = 7;

    private VodIndexBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : target().resolve("bench/vod-2h.mp4");
        if (!Files.exists(file)) {
            generate(file);
        }
        System.out.printf("file: %s, %.1f MB%n", file, Files.size(file) / 1e6);

        openRepeatedly(file);
        ProgressiveMp4 mp4 = retained(file);
        long samples = 0;
        for (Mp4Track t : mp4.tracks()) {
            samples += t.sampleCount();
            System.out.printf("track %d: %s %s, %,d samples%n", t.format().pid(), t.format().kind(), t.format().codecString(),
                    t.sampleCount());
        }
        System.out.printf("movie: %.1f s, %,d samples%n", mp4.movieDurationTicks() / 90_000.0, samples);

        List<List<Range>> segments = segments(mp4);
        long t0 = System.nanoTime();
        long tsBytes = 0;
        for (List<Range> segment : segments) {
            SegmentProbe probe = mp4.probe(segment);
            tsBytes += probe.bytes();
        }
        long t1 = System.nanoTime();
        System.out.printf("probe of all %d segments (2 s): %.0f ms, %.0f µs per segment, %.1f MB of MPEG-TS described%n",
                segments.size(), (t1 - t0) / 1e6, (t1 - t0) / 1e3 / segments.size(), tsBytes / 1e6);

        try (FileByteSource src = new FileByteSource(file)) {
            List<Range> middle = segments.get(segments.size() / 2);
            for (int i = 0; i < 3; i++) {
                src.reset();
                long r0 = System.nanoTime();
                int ts = TsMuxer.mux(mp4.read(middle, src)).ts().length;
                long r1 = System.nanoTime();
                System.out.printf("read + mux of one segment #%d: %.2f ms, %d reads, %,d bytes read, %,d bytes of MPEG-TS%n", i + 1,
                        (r1 - r0) / 1e6, src.reads().size(), src.bytesRead(), ts);
            }
        }
    }

    /** Cold opens, each with a new source: time, reads, bytes read. */
    private static void openRepeatedly(Path file) throws IOException, MalformedMediaException {
        for (int i = 0; i < OPENS; i++) {
            try (FileByteSource src = new FileByteSource(file)) {
                long t0 = System.nanoTime();
                ProgressiveMp4.open(src);
                long t1 = System.nanoTime();
                System.out.printf("open #%d: %7.1f ms, %d reads, %,d bytes read%n", i + 1, (t1 - t0) / 1e6, src.reads().size(),
                        src.bytesRead());
            }
        }
    }

    /**
     * Opens the file once more and prints the heap its index keeps: used heap after full
     * collections with the index reachable, minus before it was made. (A method of its own, so no
     * stale local of an earlier frame keeps another index alive.)
     */
    private static ProgressiveMp4 retained(Path file) throws IOException, MalformedMediaException {
        long before = usedHeap();
        ProgressiveMp4 mp4;
        try (FileByteSource src = new FileByteSource(file)) {
            mp4 = ProgressiveMp4.open(src);
        }
        long retained = usedHeap() - before;
        Reference.reachabilityFence(mp4);
        long samples = mp4.tracks().stream().mapToLong(Mp4Track::sampleCount).sum();
        System.out.printf("retained heap of the index: %.2f MB (%.1f bytes per sample)%n", retained / 1e6, (double) retained / samples);
        return mp4;
    }

    /** The build directory holding the test classes: origin/target. */
    private static Path target() throws Exception {
        return Path.of(VodIndexBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    /** Used heap once garbage collection no longer frees anything. */
    private static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                break;
            }
            used = now;
        }
        return used;
    }

    /** Key frame to key frame on the video, the audio frames that start in between. */
    private static List<List<Range>> segments(ProgressiveMp4 mp4) {
        List<Mp4Track> tracks = mp4.tracks();
        Mp4Track video = tracks.stream().filter(t -> t.format().kind() == MediaKind.VIDEO).findFirst().orElseThrow();
        List<List<Range>> out = new ArrayList<>();
        for (int from = video.nextSync(0); from < video.sampleCount(); ) {
            int to = video.nextSync(from + 1);
            long start = from == 0 ? Long.MIN_VALUE : video.decodeTime(from);
            long end = to == video.sampleCount() ? Long.MAX_VALUE : video.decodeTime(to);
            List<Range> segment = new ArrayList<>();
            for (Mp4Track t : tracks) {
                segment.add(t == video ? new Range(from, to) : new Range(t.firstAtOrAfter(start), t.firstAtOrAfter(end)));
            }
            out.add(segment);
            from = to;
        }
        return out;
    }

    private static void generate(Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part.mp4");
        List<String> cmd = List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=128x72:rate=25", "-f", "lavfi",
                "-i", "sine=frequency=440:sample_rate=48000", "-t", "7200", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2",
                "-g", "50", "-c:a", "aac", "-b:a", "32k", "-movflags", "+faststart", partial.toString());
        System.out.println("generating " + file + " (once): " + String.join(" ", cmd));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed: " + p.exitValue());
        }
        Files.move(partial, file);
        System.out.printf("generated in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
