package dev.fount.origin.timeline;

import java.io.IOException;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.TrackSamples;

/**
 * An input segment whose media is not a file in the ingest folder but is read on request from
 * elsewhere: a VOD asset's source in object storage (an HLS segment, or a range of a progressive
 * MP4's samples). The packagers see it like any other input segment; only the bytes come from
 * another place.
 */
public interface ExternalMedia {

    /**
     * The segment's tracks, timed at 90 kHz, rebased so that the segment's start (its probe's
     * {@code startPts}) falls at {@code start}: what {@code TsSamples.extract} gives for an ingested segment.
     */
    List<TrackSamples> tracks(long start) throws IOException, MalformedMediaException;

    /** The segment as MPEG-TS, laid out as its probe describes (key-frame ranges, program tables). */
    byte[] transportStream() throws IOException, MalformedMediaException;
}
