package dev.fount.api.v1alpha1;

/** The EXT-X-PLAYLIST-TYPE written in live media playlists (NONE writes no tag). */
public enum PlaylistType {
    NONE, EVENT, VOD
}
