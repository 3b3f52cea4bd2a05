package dev.fount.origin.media;

/** A run of bytes in a segment, as an HLS EXT-X-BYTERANGE or EXT-X-MAP BYTERANGE names it. */
public record ByteRange(long offset, long length) {

    public ByteRange {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("byte range " + offset + "+" + length + " is negative");
        }
    }

    /** Offset just past the range. */
    public long end() {
        return offset + length;
    }
}
