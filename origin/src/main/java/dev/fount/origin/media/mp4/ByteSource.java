package dev.fount.origin.media.mp4;

import java.io.IOException;

/**
 * Random access to the bytes of a stored object (an S3 object, an HTTP resource, a file), so a
 * progressive MP4 can be indexed and served with ranged reads instead of being downloaded or
 * held in memory. Each call may be a network round trip: callers ask for few, large ranges.
 */
public interface ByteSource {

    /**
     * The bytes at [offset, offset + length); fewer only where the object ends before
     * (none at or past its end).
     */
    byte[] read(long offset, int length) throws IOException;

    /** The object's length in bytes. */
    long size() throws IOException;
}
