package dev.fount.origin.config;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.PlaylistType;

/** What the HLS packager needs of an endpoint's hlsPackage, defaults applied. */
public record HlsSettings(
        int segmentDurationSeconds,
        int playlistWindowSeconds,
        PlaylistType playlistType,
        int programDateTimeIntervalSeconds,
        AdMarkers adMarkers,
        boolean includeIframeOnlyStream,
        boolean useAudioRenditionGroup,
        StreamSelectionSettings streamSelection,
        AdTriggerSettings adTriggers,
        java.util.Optional<HlsEncryption> encryption) {

    /** In the clear. */
    public HlsSettings(int segmentDurationSeconds, int playlistWindowSeconds, PlaylistType playlistType, int programDateTimeIntervalSeconds,
            AdMarkers adMarkers, boolean includeIframeOnlyStream, boolean useAudioRenditionGroup, StreamSelectionSettings streamSelection,
            AdTriggerSettings adTriggers) {
        this(segmentDurationSeconds, playlistWindowSeconds, playlistType, programDateTimeIntervalSeconds, adMarkers, includeIframeOnlyStream,
                useAudioRenditionGroup, streamSelection, adTriggers, java.util.Optional.empty());
    }

    /** With MediaPackage's default ad triggers. */
    public HlsSettings(int segmentDurationSeconds, int playlistWindowSeconds, PlaylistType playlistType, int programDateTimeIntervalSeconds,
            AdMarkers adMarkers, boolean includeIframeOnlyStream, boolean useAudioRenditionGroup, StreamSelectionSettings streamSelection) {
        this(segmentDurationSeconds, playlistWindowSeconds, playlistType, programDateTimeIntervalSeconds, adMarkers, includeIframeOnlyStream,
                useAudioRenditionGroup, streamSelection, AdTriggerSettings.DEFAULT);
    }
}
