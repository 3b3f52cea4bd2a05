package dev.fount.origin.media;

import dev.fount.origin.media.ts.TsDemuxer;

/**
 * Describes an uploaded MPEG-TS segment (ISO/IEC 13818-1): its streams and codecs, its start
 * time and duration, and its key frames. Pure Java, one pass over the bytes.
 */
public final class TsProbe {

    private TsProbe() {
    }

    /**
     * @param ts a whole segment: 188-byte packets, starting with a sync byte
     * @throws MalformedMediaException naming the fault and its byte offset when the bytes are not a
     *                                 segment this origin can package
     */
    public static SegmentProbe probe(byte[] ts) throws MalformedMediaException {
        return TsDemuxer.probe(ts);
    }
}
