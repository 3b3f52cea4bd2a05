package dev.fount.origin.media;

/** What an elementary stream carries. */
public enum MediaKind {
    VIDEO,
    AUDIO,
    /** Timed metadata, cue messages, and streams of a type the probe does not know. */
    DATA
}
