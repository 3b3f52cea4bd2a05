package dev.fount.origin.timeline;

import java.util.List;

import dev.fount.origin.media.ElementaryStream;

/**
 * An immutable picture of one rendition's served timeline: what packagers read.
 *
 * @param id       the rendition's ingest name (e.g. channel_0)
 * @param position its place in the encoder's multivariant playlist, from 1; stable for the channel's life
 * @param streams  the elementary streams of its latest segment
 * @param segments oldest first
 * @param runs     every run that any of the segments belongs to, oldest first, plus the runs before them
 * @param ended    no segment will follow the newest (a VOD asset, or an ended time-shift window): the
 *                 last output segment may be shorter than the others instead of waiting for more input
 */
public record RenditionView(String id, int position, List<ElementaryStream> streams, long nominalDuration,
        List<ServedSegment> segments, List<Run> runs, boolean ended) {

    /** A live rendition: more segments may follow. */
    public RenditionView(String id, int position, List<ElementaryStream> streams, long nominalDuration,
            List<ServedSegment> segments, List<Run> runs) {
        this(id, position, streams, nominalDuration, segments, runs, false);
    }

    public boolean hasVideo() {
        return streams.stream().anyMatch(s -> s.kind() == dev.fount.origin.media.MediaKind.VIDEO);
    }

    /** Average bitrate over the segments, bits per second. */
    public long averageBitrate() {
        long bytes = segments.stream().mapToLong(s -> s.source().probe().bytes()).sum();
        long ticks = segments.stream().mapToLong(ServedSegment::duration).sum();
        return ticks == 0 ? 0 : bytes * 8 * ServedSegment.TICKS_PER_SECOND / ticks;
    }

    /** Peak segment bitrate, bits per second (RFC 8216 §4.3.4.2 BANDWIDTH). */
    public long peakBitrate() {
        return segments.stream().filter(s -> s.duration() > 0)
                .mapToLong(s -> s.source().probe().bytes() * 8 * ServedSegment.TICKS_PER_SECOND / s.duration()).max().orElse(0);
    }
}
