package dev.fount.origin.vod;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Opens the {@link SourceReader} for an asset's {@code sourceUri}, by its scheme: an asset may
 * live in an S3 bucket ({@code s3://bucket/key}), behind a web server ({@code http(s)://}) or on
 * a mounted volume ({@code file:/path}), and the packager reads all of them the same way. Also
 * holds the checks the readers share.
 */
public final class Sources {

    private Sources() {
    }

    /**
     * A reader for {@code root} and the URIs resolved against it; refused with
     * {@link SourceException.Reason#BAD_URI} for a scheme other than s3, http, https or file.
     */
    public static SourceReader open(URI root, SourceSettings settings) throws SourceException {
        Objects.requireNonNull(settings, "settings");
        String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3" -> S3SourceReader.open(root, settings);
            case "http", "https" -> new HttpSourceReader(root, settings);
            case "file" -> new FileSourceReader(root);
            case "" -> throw new SourceException(SourceException.Reason.BAD_URI, root,
                    "not an absolute URI (expected s3://bucket/key, http(s)://… or file:/path)");
            default -> throw new SourceException(SourceException.Reason.BAD_URI, root,
                    "unsupported scheme '" + root.getScheme() + "' (expected s3://bucket/key, http(s)://… or file:/path)");
        };
    }

    /** Refuses a negative range or one past the largest offset: a caller's bug, not a source's fault. */
    static void checkRange(long offset, int length) {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new IllegalArgumentException("invalid byte range: offset " + offset + ", length " + length);
        }
    }

    static void checkLimit(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative size limit " + maxBytes);
        }
    }

    /** The rest of {@code in}, refused with TOO_LARGE as soon as it exceeds {@code maxBytes}. */
    static byte[] readAtMost(InputStream in, URI uri, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes);
        if (in.read() != -1) {
            throw SourceException.tooLarge(uri, -1, maxBytes);
        }
        return bytes;
    }
}
