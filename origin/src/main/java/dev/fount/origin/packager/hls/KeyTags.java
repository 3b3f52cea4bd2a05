package dev.fount.origin.packager.hls;

import dev.fount.origin.packager.OutputSegment;

/**
 * The EXT-X-KEY tag each segment of an encrypted playlist is under. The caller holds the keys
 * (fetched from a key server at the edge); the packager only places the tags: before the first
 * segment, wherever the tag changes, or before every segment when asked to repeat them.
 */
@FunctionalInterface
public interface KeyTags {

    /** The whole tag line ({@code #EXT-X-KEY:…}) for the segment. */
    String tag(OutputSegment segment) throws KeyUnavailable;

    /**
     * One EXT-X-KEY line (RFC 8216 §4.3.2.4), attributes left out when null or blank.
     *
     * @param iv the IV attribute's value ({@code 0x…}), or null
     */
    public static String extXKey(String method, String uri, String iv, String keyFormat, String keyFormatVersions) {
        StringBuilder t = new StringBuilder("#EXT-X-KEY:METHOD=").append(method).append(",URI=\"").append(uri).append('"');
        if (iv != null && !iv.isBlank()) {
            t.append(",IV=").append(iv);
        }
        if (keyFormat != null && !keyFormat.isBlank()) {
            t.append(",KEYFORMAT=\"").append(keyFormat).append('"');
        }
        if (keyFormatVersions != null && !keyFormatVersions.isBlank()) {
            t.append(",KEYFORMATVERSIONS=\"").append(keyFormatVersions).append('"');
        }
        return t.toString();
    }

    /** No key can be had for a segment (the key server is down or refuses): the playlist cannot be written. */
    final class KeyUnavailable extends Exception {
        public KeyUnavailable(String message) {
            super(message);
        }
    }
}
