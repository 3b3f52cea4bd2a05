package dev.fount.origin.media;

/**
 * A video random access point of a segment (an IDR picture for H.264, an IRAP picture for HEVC).
 *
 * @param pts   its presentation time, 90 kHz, 33-bit as found (-1 if its PES carried none)
 * @param range whole TS packets: from the packet starting the key frame's PES up to the packet
 *              before the next video PES starts (or the segment's end); what an I-frame playlist
 *              entry addresses
 */
public record KeyFrame(long pts, ByteRange range) {
}
