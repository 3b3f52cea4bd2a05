package dev.fount.origin.media;

import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;
import dev.fount.origin.media.ts.TsMuxer;

/**
 * Describes an uploaded fMP4 media segment with the initialization segment its playlist maps it
 * to, in the terms {@link TsProbe} uses for MPEG-TS, so the timeline and every packager treat
 * both inputs alike: 90 kHz times, 33 bits as a PTS would be, key frames, codecs per track.
 * Key frame ranges, program tables and size are those of the segment as {@link TsMuxer} writes
 * it for HLS endpoints (deterministic, so the I-frame playlist can address it without muxing).
 */
public final class Fmp4Probe {

    private Fmp4Probe() {
    }

    /**
     * @throws MalformedMediaException when the segment does not fit the init segment or has no
     *                                 sample of its video or audio tracks
     */
    public static SegmentProbe probe(Fmp4Init init, byte[] segment) throws MalformedMediaException {
        List<TrackSamples> tracks = Fmp4Samples.read(init, segment);
        TrackSamples main = Fmp4Samples.main(tracks);
        long start = main.earliestPresentationTime();
        long end = main.samples().stream().mapToLong(s -> s.presentationTime() + s.duration()).max().orElse(start);
        List<ElementaryStream> streams = new ArrayList<>();
        for (Fmp4Init.Track track : init.tracks()) {
            TrackSamples t = tracks.stream().filter(x -> x.format().pid() == track.trackId()).findFirst().orElse(null);
            streams.add(stream(track, t));
        }
        // Byte positions are those of the MPEG-TS an HLS endpoint serves (muxed the same way on request).
        TsMuxer.Muxed ts = TsMuxer.mux(tracks);
        return new SegmentProbe(streams, pts(start), end - start, ts.keyFrames(), ts.programTables(), ts.ts().length,
                Fmp4Samples.scte35(segment, start));
    }

    private static ElementaryStream stream(Fmp4Init.Track track, TrackSamples t) {
        TrackFormat f = track.format();
        boolean video = f.kind() == MediaKind.VIDEO;
        long first = -1;
        long last = -1;
        long bytes = 0;
        int units = 0;
        Double fps = track.frameRate();
        if (t != null && !t.samples().isEmpty()) {
            first = pts(t.earliestPresentationTime());
            last = pts(t.samples().stream().mapToLong(Sample::presentationTime).max().orElseThrow());
            bytes = t.payloadBytes();
            units = t.samples().size();
            if (video && fps == null) {
                int[] durations = t.samples().stream().mapToInt(Sample::duration).filter(d -> d > 0).sorted().toArray();
                fps = durations.length == 0 ? null : Math.round(90_000_000.0 / durations[durations.length / 2]) / 1000.0;
            }
        }
        return new ElementaryStream(track.trackId(), 0, f.kind(), track.codec(), f.codecString(),
                video ? f.width() : null, video ? f.height() : null, video ? fps : null,
                video ? null : f.sampleRate(), video ? null : f.channels(),
                f.language().equals("und") ? null : f.language(), first, last, bytes, units);
    }

    private static long pts(long ticks) {
        return ticks & (Pts.WRAP - 1);
    }
}
