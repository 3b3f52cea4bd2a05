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
 */
public record InputSegment(String input, String rendition, String file, Path path, SegmentProbe probe,
        double extinfSeconds, boolean discontinuity, Instant programDateTime, Instant arrival) {
}
