package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;

/**
 * Reads the objects of a VOD asset's source (an S3 bucket, a web server or a local folder) by
 * byte range, so that the packager can cut segments from large media files without holding them
 * in memory. One reader serves the asset's root URI and every URI resolved against it; it is
 * safe for concurrent use and is closed when the asset is no longer served.
 *
 * <p>Failures are {@link SourceException}s whose {@link SourceException.Reason} says what a
 * caller can do about them, and whose message names the URI and the fault.
 */
public interface SourceReader extends AutoCloseable {

    /** Bytes [offset, offset+length) of the object; fewer when the object ends first (empty array at/after its end). */
    byte[] read(URI uri, long offset, int length) throws IOException;

    /** The whole object, refused with SourceException(TOO_LARGE) when longer than maxBytes. For playlists/SMIL/small segments. */
    byte[] readAll(URI uri, int maxBytes) throws IOException;

    /** Object length in bytes. */
    long size(URI uri) throws IOException;

    /** Releases connections and threads; no I/O error is worth reporting at that point. */
    @Override
    void close();
}
