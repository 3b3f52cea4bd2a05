package dev.fount.origin.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.fount.origin.media.Fmp4Probe;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;
import dev.fount.origin.media.mp4.Fmp4Writer;
import dev.fount.origin.media.ts.TsMuxer;

/**
 * fMP4 ingest on one core: {@code probe} is what every upload costs (read the samples, measure
 * the MPEG-TS layout for I-frame playlists); {@code passThrough} what a DASH/CMAF request that
 * misses the cache costs (samples read in place, one CMAF segment per track); {@code muxTs} what
 * an HLS request that misses the cache costs. {@code fmp4Bytes} is the input consumed per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Fmp4IngestBenchmark {

    @Param({ "h264_aac", "hevc_ac3" })
    public String fixture;

    private Fmp4Init init;
    private byte[] segment;

    /** Bytes of fMP4 input handled: JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long fmp4Bytes;

        @Setup(Level.Iteration)
        public void reset() {
            fmp4Bytes = 0;
        }
    }

    @Setup
    public void load() throws IOException, MalformedMediaException {
        init = Fmp4Init.parse(read(fixture + "_init.mp4"));
        segment = read(fixture + "_1.m4s");
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = Fmp4IngestBenchmark.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        }
    }

    @Benchmark
    public long probe(Bytes counter) throws MalformedMediaException {
        counter.fmp4Bytes += segment.length;
        return Fmp4Probe.probe(init, segment).bytes();
    }

    @Benchmark
    public int passThrough(Bytes counter) throws MalformedMediaException {
        int written = 0;
        for (TrackSamples t : Fmp4Samples.extract(init, segment, 900_000)) {
            written += Fmp4Writer.mediaSegment(1, t).length;
        }
        counter.fmp4Bytes += segment.length;
        return written;
    }

    @Benchmark
    public int muxTs(Bytes counter) throws MalformedMediaException {
        counter.fmp4Bytes += segment.length;
        return TsMuxer.mux(Fmp4Samples.read(init, segment)).ts().length;
    }
}
