package dev.fount.origin.config;

/** What the Smooth Streaming packager needs of an endpoint's mssPackage, defaults applied. */
public record MssSettings(int segmentDurationSeconds, int manifestWindowSeconds, StreamSelectionSettings streamSelection) {
}
