package dev.fount.origin.harvest;

/**
 * Where a clip's files are written: beside the multivariant playlist, by plain relative name.
 * Each write is whole or absent (an S3 PUT, a file moved into place), so a reader never sees a
 * half-written file; the harvest writes the multivariant playlist last.
 */
public interface ClipStore extends AutoCloseable {

    /** Writes (or replaces) {@code name} with {@code content}. */
    void put(String name, byte[] content) throws HarvestException;

    /**
     * Removes {@code name} if it exists (a stale multivariant playlist from an earlier run).
     *
     * @return false when the store does not permit removals (an S3 role with PutObject only,
     *         as MediaPackage's harvest role needs), true when {@code name} is gone
     */
    boolean delete(String name) throws HarvestException;

    /** Where {@code name} is, for messages (an s3:// or file: URI). */
    String locate(String name);

    @Override
    void close();

    /** The Content-Type players and CDNs expect for a clip file, by extension. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        return switch (extension) {
            case "m3u8" -> "application/vnd.apple.mpegurl";
            case "ts" -> "video/mp2t";
            case "aac" -> "audio/aac";
            case "mp4", "m4s", "cmfv" -> "video/mp4";
            case "m4a", "cmfa" -> "audio/mp4";
            case "vtt", "webvtt" -> "text/vtt";
            default -> "application/octet-stream";
        };
    }
}
