package dev.fount.origin.timeline;

import java.nio.file.Path;
import java.time.Instant;

import dev.fount.origin.media.SegmentProbe;

/**
 * A segment as one ingest endpoint received it: the stored file, what the probe found in
 * it, and what the encoder's media playlist said about it.
 *
 * @param input          the ingest endpoint, "1" or "2"
 * @param rendition      the encoder's media playlist name without .m3u8 (e.g. channel_0)
 * @param extinfSeconds  the EXTINF the encoder gave it
 * @param discontinuity  the encoder's playlist put EXT-X-DISCONTINUITY before it
 * @param programDateTime the encoder's EXT-X-PROGRAM-DATE-TIME for it, or null
 * @param init           the stored fMP4 initialization segment (the EXT-X-MAP in effect when it was
 *                       listed) for an fMP4 segment; null for MPEG-TS
 * @param external       where the media is read from when it is not the file at {@code path} (a VOD
 *                       asset's source); {@code path} is then only the segment's identity in caches
 */
public record InputSegment(String input, String rendition, String file, Path path, SegmentProbe probe,
        double extinfSeconds, boolean discontinuity, Instant programDateTime, Instant arrival, Path init,
        ExternalMedia external) {

    /** An ingested segment: MPEG-TS when {@code init} is null, else fMP4. */
    public InputSegment(String input, String rendition, String file, Path path, SegmentProbe probe,
            double extinfSeconds, boolean discontinuity, Instant programDateTime, Instant arrival, Path init) {
        this(input, rendition, file, path, probe, extinfSeconds, discontinuity, programDateTime, arrival, init, null);
    }

    /** An MPEG-TS segment. */
    public InputSegment(String input, String rendition, String file, Path path, SegmentProbe probe,
            double extinfSeconds, boolean discontinuity, Instant programDateTime, Instant arrival) {
        this(input, rendition, file, path, probe, extinfSeconds, discontinuity, programDateTime, arrival, null, null);
    }

    /** Whether the stored file is an fMP4 media segment (to be read with {@link #init()}) rather than MPEG-TS. */
    public boolean fmp4() {
        return init != null;
    }
}
