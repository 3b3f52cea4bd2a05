package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;
import dev.fount.origin.media.ts.TsMuxer;
import dev.fount.origin.media.ts.TsSamples;
import dev.fount.origin.timeline.ExternalMedia;

/** A segment of an HLS source, read from the source when a player asks for what is made of it. */
record HlsSegmentMedia(SourceReader reader, AssetIndex.Segment segment, InitCache inits) implements ExternalMedia {

    /** Parsed initialization segments, shared by an asset's segments. */
    interface InitCache {
        Fmp4Init get(URI uri, dev.fount.origin.media.ByteRange range) throws IOException, MalformedMediaException;
    }

    @Override
    public List<TrackSamples> tracks(long start) throws IOException, MalformedMediaException {
        byte[] bytes = bytes();
        return segment.init() == null ? TsSamples.extract(bytes, start) : Fmp4Samples.extract(init(), bytes, start);
    }

    @Override
    public byte[] transportStream() throws IOException, MalformedMediaException {
        byte[] bytes = bytes();
        return segment.init() == null ? bytes : TsMuxer.mux(Fmp4Samples.read(init(), bytes)).ts();
    }

    private Fmp4Init init() throws IOException, MalformedMediaException {
        return inits.get(URI.create(segment.init()), segment.initRange());
    }

    private byte[] bytes() throws IOException {
        URI uri = URI.create(segment.uri());
        if (segment.range() == null) {
            return reader.readAll(uri, HlsIndexer.MAX_SEGMENT_BYTES);
        }
        byte[] bytes = reader.read(uri, segment.range().offset(), (int) segment.range().length());
        if (bytes.length != segment.range().length()) {
            throw new IOException(uri + " is shorter than when the asset was indexed");
        }
        return bytes;
    }
}
