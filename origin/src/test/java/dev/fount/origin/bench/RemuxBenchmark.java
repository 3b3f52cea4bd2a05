package dev.fount.origin.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
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

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.Fmp4Writer;
import dev.fount.origin.media.ts.TsSamples;

/**
 * TS → fMP4 remux throughput on one core: demux a stored MPEG-TS segment into tracks and write
 * each as a CMAF media segment, as a DASH/CMAF request that misses the cache does. The
 * {@code tsBytes} counter is the input consumed per second (divide by 1e6 for MB/s per core).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RemuxBenchmark {

    @Param({ "h264_aac.ts", "hevc_aac.ts", "h264_ac3.ts" })
    public String fixture;

    private byte[] ts;

    /** Bytes of TS remuxed: JMH reports it per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long tsBytes;

        @Setup(Level.Iteration)
        public void reset() {
            tsBytes = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        try (InputStream in = RemuxBenchmark.class.getResourceAsStream("/media/" + fixture)) {
            ts = in.readAllBytes();
        }
    }

    @Benchmark
    public int remux(Bytes counter) throws MalformedMediaException {
        int written = 0;
        List<TrackSamples> tracks = TsSamples.extract(ts, 900_000);
        for (TrackSamples t : tracks) {
            written += Fmp4Writer.mediaSegment(1, t).length;
        }
        counter.tsBytes += ts.length;
        return written;
    }
}
