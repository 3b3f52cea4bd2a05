package dev.fount.origin.vod;

/** Why an asset cannot be indexed, in words for its FAILED status (names the file and the fault). */
public final class IndexFailure extends Exception {
    public IndexFailure(String message) {
        super(message);
    }
}
