package dev.fount.origin.config;

import dev.fount.api.v1alpha1.StreamSelection;
import dev.fount.api.v1alpha1.StreamSelection.StreamOrder;

/** MediaPackage's StreamSelection with its defaults: every rendition, in ingest order. */
public record StreamSelectionSettings(long minVideoBitsPerSecond, long maxVideoBitsPerSecond, StreamOrder streamOrder) {

    public static final StreamSelectionSettings ALL = new StreamSelectionSettings(0, Integer.MAX_VALUE, StreamOrder.ORIGINAL);

    static StreamSelectionSettings of(StreamSelection s) {
        if (s == null) {
            return ALL;
        }
        return new StreamSelectionSettings(
                s.minVideoBitsPerSecond == null ? 0 : s.minVideoBitsPerSecond,
                s.maxVideoBitsPerSecond == null ? Integer.MAX_VALUE : s.maxVideoBitsPerSecond,
                s.streamOrder == null ? StreamOrder.ORIGINAL : s.streamOrder);
    }

    /** Whether a rendition with this video bitrate is listed; renditions without video always are. */
    public boolean admits(long videoBitsPerSecond, boolean hasVideo) {
        return !hasVideo || (videoBitsPerSecond >= minVideoBitsPerSecond && videoBitsPerSecond <= maxVideoBitsPerSecond);
    }
}
