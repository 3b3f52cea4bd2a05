package dev.fount.origin.config;

import java.util.List;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.PlaylistType;

/**
 * What the CMAF packager needs of an endpoint's cmafPackage, defaults applied: one set of fMP4
 * segments and the HLS manifests served over them.
 *
 * @param segmentPrefix segment file names start with this (the channel's name when the spec has none)
 */
public record CmafSettings(int segmentDurationSeconds, String segmentPrefix, List<Manifest> hlsManifests,
        StreamSelectionSettings streamSelection, java.util.Optional<CencEncryption> encryption) {

    public CmafSettings {
        hlsManifests = List.copyOf(hlsManifests);
    }

    /** In the clear. */
    public CmafSettings(int segmentDurationSeconds, String segmentPrefix, List<Manifest> hlsManifests, StreamSelectionSettings streamSelection) {
        this(segmentDurationSeconds, segmentPrefix, hlsManifests, streamSelection, java.util.Optional.empty());
    }

    /** One of the HLS manifests: served at {id}/{manifestName}.m3u8 under the endpoint. */
    public record Manifest(String id, String manifestName, int playlistWindowSeconds, PlaylistType playlistType,
            int programDateTimeIntervalSeconds, AdMarkers adMarkers, boolean includeIframeOnlyStream, AdTriggerSettings adTriggers) {

        /** With MediaPackage's default ad triggers. */
        public Manifest(String id, String manifestName, int playlistWindowSeconds, PlaylistType playlistType,
                int programDateTimeIntervalSeconds, AdMarkers adMarkers, boolean includeIframeOnlyStream) {
            this(id, manifestName, playlistWindowSeconds, playlistType, programDateTimeIntervalSeconds, adMarkers, includeIframeOnlyStream,
                    AdTriggerSettings.DEFAULT);
        }
    }
}
