package dev.fount.api.v1alpha1;

/** How SCTE-35 ad markers appear in HLS playlists (MediaPackage's AdMarkers). */
public enum AdMarkers {
    /** No markers. */
    NONE,
    /** EXT-X-CUE-OUT / EXT-X-CUE-OUT-CONT / EXT-X-CUE-IN, EXT-OATCLS-SCTE35, EXT-X-ASSET, filtered by triggers and restrictions. */
    SCTE35_ENHANCED,
    /** The input playlists' SCTE-35 comments copied verbatim. */
    PASSTHROUGH,
    /** EXT-X-DATERANGE with SCTE35-OUT/SCTE35-IN/SCTE35-CMD; needs program date time. */
    DATERANGE
}
