package dev.fount.origin.vod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.ByteSource;
import dev.fount.origin.media.mp4.ProgressiveMp4;
import dev.fount.origin.media.ts.TsMuxer;
import dev.fount.origin.timeline.ExternalMedia;

/** A segment of a progressive MP4 rendition: its samples read from the file with ranged reads when asked for. */
record Mp4SegmentMedia(Movie movie, ByteSource source, AssetIndex.Segment segment) implements ExternalMedia {

    /** The rendition's sample tables, loaded (and kept, within a bound) on first use. */
    interface Movie {
        ProgressiveMp4 get() throws IOException, MalformedMediaException;
    }

    @Override
    public List<TrackSamples> tracks(long start) throws IOException, MalformedMediaException {
        ProgressiveMp4 mp4 = movie.get();
        List<ProgressiveMp4.Range> ranges = new ArrayList<>(segment.samples().size());
        for (int[] r : segment.samples()) {
            ranges.add(new ProgressiveMp4.Range(r[0], r[1]));
        }
        List<TrackSamples> read = mp4.read(ranges, source);
        long shift = start - Pts.relative(segment.probe().startPts(), 0);
        List<TrackSamples> out = new ArrayList<>(read.size());
        for (TrackSamples t : read) {
            List<Sample> moved = new ArrayList<>(t.samples().size());
            for (Sample s : t.samples()) {
                moved.add(new Sample(s.decodeTime() + shift, s.compositionOffset(), s.duration(), s.sync(), s.offset(), s.size()));
            }
            out.add(new TrackSamples(t.format(), moved, t.data()));
        }
        return out;
    }

    @Override
    public byte[] transportStream() throws IOException, MalformedMediaException {
        return TsMuxer.mux(tracks(segment.start())).ts();
    }
}
