package dev.fount.origin.config;

/** What the Smooth Streaming packager needs of an endpoint's mssPackage, defaults applied. */
public record MssSettings(int segmentDurationSeconds, int manifestWindowSeconds, StreamSelectionSettings streamSelection,
        java.util.Optional<CencEncryption> encryption) {

    /** In the clear. */
    public MssSettings(int segmentDurationSeconds, int manifestWindowSeconds, StreamSelectionSettings streamSelection) {
        this(segmentDurationSeconds, manifestWindowSeconds, streamSelection, java.util.Optional.empty());
    }
}
