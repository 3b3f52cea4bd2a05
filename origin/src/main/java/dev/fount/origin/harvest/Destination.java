package dev.fount.origin.harvest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the clip's multivariant playlist goes; media playlists and segments are written beside
 * it (same S3 key prefix, same folder). Parsed from {@code --destination}: {@code s3://bucket/key}
 * as the operator passes it, or {@code file:/dir/index.m3u8} for standalone use and tests.
 */
public sealed interface Destination permits Destination.S3, Destination.Folder {

    /** The multivariant playlist's own file name (the last part of the key or path). */
    String manifestName();

    /**
     * An S3 object key for the multivariant playlist.
     *
     * @param bucket the bucket
     * @param key    the multivariant playlist's key, e.g. {@code clips/game/index.m3u8}
     */
    record S3(String bucket, String key) implements Destination {

        /** The key prefix the other files share with the multivariant playlist ({@code ""} at the bucket root). */
        public String prefix() {
            return key.substring(0, key.lastIndexOf('/') + 1);
        }

        @Override
        public String manifestName() {
            return key.substring(key.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /**
     * A file in a local folder (created when missing).
     *
     * @param manifest the multivariant playlist's path
     */
    record Folder(Path manifest) implements Destination {

        public Path directory() {
            return manifest.toAbsolutePath().getParent();
        }

        @Override
        public String manifestName() {
            return manifest.getFileName().toString();
        }

        @Override
        public String toString() {
            return manifest.toUri().toString();
        }
    }

    /** Parses {@code --destination}; the message of the exception names what is wrong with it. */
    static Destination parse(String value) throws UsageException {
        int colon = value.indexOf(':');
        String scheme = colon > 0 ? value.substring(0, colon) : "";
        if (scheme.equalsIgnoreCase("s3")) {
            return s3(value);
        }
        if (scheme.equalsIgnoreCase("file")) {
            return folder(value);
        }
        throw new UsageException("--destination " + value + ": the scheme must be s3:// or file:"
                + (scheme.isEmpty() ? " (none given)" : ", not '" + scheme + "'"));
    }

    private static S3 s3(String value) throws UsageException {
        if (!value.substring(3).startsWith("//")) {
            throw new UsageException("--destination " + value + ": expected s3://bucket/key");
        }
        String rest = value.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new UsageException("--destination " + value + ": no bucket name after s3://");
        }
        checkManifestName(value, key.substring(key.lastIndexOf('/') + 1));
        return new S3(bucket, key);
    }

    private static Folder folder(String value) throws UsageException {
        Path path;
        try {
            // file:///dir/x.m3u8 and file:/dir/x.m3u8 are URIs; file:dir/x.m3u8 is a relative path.
            path = value.startsWith("file:/") ? Path.of(new URI(value)) : Path.of(value.substring("file:".length()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new UsageException("--destination " + value + ": not a file path (" + e.getMessage() + ")");
        }
        Path name = path.getFileName();
        checkManifestName(value, name == null ? "" : name.toString());
        return new Folder(path);
    }

    private static void checkManifestName(String value, String name) throws UsageException {
        if (!name.endsWith(".m3u8") || name.length() == ".m3u8".length()) {
            throw new UsageException("--destination " + value + ": must name the multivariant playlist, a file ending in .m3u8");
        }
    }
}
