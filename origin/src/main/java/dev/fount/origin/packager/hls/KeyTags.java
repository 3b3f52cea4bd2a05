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

    /** No key can be had for a segment (the key server is down or refuses): the playlist cannot be written. */
    final class KeyUnavailable extends Exception {
        public KeyUnavailable(String message) {
            super(message);
        }
    }
}
